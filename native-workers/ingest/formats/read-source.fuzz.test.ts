import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssayError, errorCodes } from '../../../preload/contract/errors';
import { fuzzSettings, withinMs } from '../../../main/host/fuzz';
import { tempDir } from '../../../main/host/testing';
import { createImportingDataset, discardDataset } from '../../project/datasets';
import { integrityCheck } from '../../project/inspect';
import { ProjectStore } from '../../project/store';
import { DatasetWriter } from '../writer';
import { readSource } from './read-source';
import { PreviewSink, WriterSink } from './sink';

const dir = tempDir('assay-read-fuzz-');
let n = 0;

const fixtures = path.join(__dirname, 'fixtures', 'fuzz');

/** Valid files of every format, to be cut and damaged: damage near the real thing finds more than noise. Binary seeds are fixtures, so CI's cases are the same each run. */
const seeds: Record<string, Buffer> = {
  'a.csv': Buffer.from('id,name,score,when\n1,"Åsa, M",1.5,2024-01-02\n2,José,2,2024-02-03\n3,"say ""hi""",,2024-03-04\n'),
  'a.json': Buffer.from(JSON.stringify({ data: { items: [{ a: 1, b: { c: 'x' } }, { a: 2, b: { c: 'y' }, d: [1, 2] }] } })),
  'a.ndjson': Buffer.from('{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n'),
  'a.xlsx': fs.readFileSync(path.join(fixtures, 'seed.xlsx')),
  'a.parquet': fs.readFileSync(path.join(fixtures, 'seed.parquet')),
};

type Damage = readonly [name: string, edits: readonly (readonly [at: number, byte: number])[], cut: number | null];

/** A seed file, cut short and with bytes overwritten, or plain noise; drawn as the damage done, so a counterexample prints short. */
const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('a.csv', 'a.json', 'a.ndjson', 'a.xlsx', 'a.parquet'), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.option(fc.nat(), { nil: null })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('noise.csv', 'noise.bin'), fc.uint8Array({ maxLength: 400 }).map((b) => [...b].map((v, i): [number, number] => [i, v])), fc.constant(null)) },
);

/** The damaged file's bytes. */
function damaged([name, edits, cut]: Damage): Buffer {
  let bytes = Buffer.from(seeds[name] ?? Buffer.alloc(edits.length));
  for (const [at, v] of edits) if (bytes.length > 0) bytes[at % bytes.length] = v;
  if (cut !== null) bytes = bytes.subarray(0, cut % (bytes.length + 1));
  return bytes;
}

function writeFile(name: string, bytes: Buffer): string {
  const p = path.join(dir, `${++n}-${name}`);
  fs.writeFileSync(p, bytes);
  return p;
}

/** A refusal must be an AssayError with a known code and a message that says what happened. */
function expectRefusal(err: unknown): void {
  if (!(err instanceof AssayError)) throw err;
  expect(errorCodes).toContain(err.code);
  expect(err.message.length).toBeGreaterThan(15);
}

/** A preview of any file gives rows of text or an AssayError, in bounded time. */
async function previewOrRefuse(d: Damage): Promise<void> {
  const name = d[0];
  const p = writeFile(name, damaged(d));
  try {
    const sink = new PreviewSink(50);
    await withinMs(readSource(p, name, {}, sink, () => undefined, true), 5000, `preview of ${name}`);
    for (const row of sink.kept) for (const cell of row) expect(typeof cell).toBe('string');
  } catch (err) {
    expectRefusal(err);
  } finally {
    fs.rmSync(p);
  }
}

/** An import of any file, as the import job runs it (minus the thread): stored whole or refused whole, the project intact after. */
async function importOrRefuse(store: ProjectStore, d: Damage): Promise<void> {
  const name = d[0];
  const p = writeFile(name, damaged(d));
  const { id } = createImportingDataset(store.db, name, name);
  const writer = new DatasetWriter(store.db, id, []);
  const sink = new WriterSink(writer, () => undefined);
  try {
    await withinMs(readSource(p, name, {}, sink, () => undefined), 5000, `import of ${name}`);
    sink.flush();
    if (!writer.started) throw new AssayError('EMPTY_FILE', `${name} holds no rows: there is nothing to import.`);
    writer.finish({ source: name });
    expect(writer.counts.rowsRead).toBe(writer.counts.rowsStored + writer.counts.rowsQuarantined);
  } catch (err) {
    // What the host does with a failed import: the dataset goes, whole.
    discardDataset(store.db, id);
    expectRefusal(err);
  } finally {
    fs.rmSync(p);
  }
  expect(integrityCheck(store.db)).toBe('ok');
}

/** Counterexamples fuzzing found, kept: each once failed (see its name). */
const corpus = JSON.parse(fs.readFileSync(path.join(fixtures, 'readers.json'), 'utf8')) as { name: string; damage: Damage }[];

describe('file readers (fuzz)', () => {
  let store: ProjectStore;
  beforeAll(() => {
    store = ProjectStore.create(path.join(dir, 'fuzz.assay'));
  });
  afterAll(() => store.close());

  const runs = fuzzSettings(200);
  it(`any file, damaged or not, previews or is refused with an AssayError (${runs.numRuns} cases)`, async () => {
    await fc.assert(fc.asyncProperty(damage, previewOrRefuse), runs);
  });

  const slow = fuzzSettings(80);
  it(`imported or refused whole: the project stays intact after each (${slow.numRuns} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(damage, (d) => importOrRefuse(store, d)),
      slow,
    );
  });

  it('the corpus of past failures is kept', () => {
    expect(corpus.length).toBeGreaterThan(0);
  });
  it.each(corpus)('corpus: $name', async ({ damage: d }) => {
    await previewOrRefuse(d);
    await importOrRefuse(store, d);
  });
});
