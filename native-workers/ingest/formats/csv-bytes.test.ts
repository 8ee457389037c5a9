import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzSettings } from '../../../main/host/fuzz';
import { tempDir } from '../../../main/host/testing';
import type { CsvDialect } from '../../ml/csv-dialect';
import { CsvParser } from '../../ml/csv-parser';
import { createImportingDataset, datasetColumns } from '../../project/datasets';
import { datasetCells, tableRows } from '../../project/inspect';
import { ProjectStore } from '../../project/store';
import type { RowStage } from '../stages';
import { DatasetWriter } from '../writer';
import { readCsv } from './csv';
import { byteDialect, plainNumber, readCsvBytes, readCsvRecords } from './csv-bytes';
import { CsvScanner } from './csv-scan';
import { ScanAhead } from './csv-scan-ahead';
import { readSource } from './read-source';
import { readChunkBytes } from './text-input';
import { PreviewSink, WriterSink } from './sink';

// Inside the repository (an ignored folder), so the bundle's require('better-sqlite3') finds node_modules.
const threadFile = path.resolve(__dirname, `../../../.cache/csv-bytes-test/row-writer-thread-${process.pid}.cjs`);
const scanThreadFile = path.resolve(__dirname, `../../../.cache/csv-bytes-test/csv-scan-thread-${process.pid}.cjs`);
const dir = tempDir('assay-csv-bytes-');
let n = 0;

beforeAll(async () => {
  const bundle = (entry: string, outfile: string): Promise<unknown> => build({ entryPoints: [path.resolve(__dirname, entry)], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile, logLevel: 'warning' });
  await Promise.all([bundle('../../runtime/row-writer-thread.ts', threadFile), bundle('./csv-scan-thread.ts', scanThreadFile)]);
  return () => {
    fs.rmSync(threadFile, { force: true });
    fs.rmSync(scanThreadFile, { force: true });
  };
});

const comma: CsvDialect = { delimiter: ',', quote: '"', header: true };

/** Everything an import leaves: column names and types, every stored value, every quarantined row, the counts, or its error. */
interface Imported {
  readonly columns: unknown;
  readonly cells: unknown[][];
  readonly quarantine: unknown[];
  readonly counts: unknown;
  readonly error: string | null;
  /** Read chunks in which values went straight into the column chunks. */
  readonly directChunks: number;
  /** Rows written that way, and how many of their fields each column converted from text (the slow path). */
  readonly directRows: number;
  readonly slowCells: number[];
}

type Read = (sink: WriterSink) => Promise<unknown>;

/** A stage that changes nothing: with it the writer takes whole rows only. */
const noStage: RowStage = { name: 'none', process: () => [], summary: () => ({}) };

async function importWith(read: Read, sampleRows: number, stages: readonly RowStage[] = [], checkCancelled = (): void => undefined): Promise<Imported> {
  const store = ProjectStore.create(path.join(dir, `${++n}.assay`));
  const { id } = createImportingDataset(store.db, 'd', 's');
  const writer = new DatasetWriter(store.db, id, stages, undefined, threadFile);
  const sink = new WriterSink(writer, checkCancelled, sampleRows);
  let directChunks = 0;
  let directRows = 0;
  const slowCells: number[] = [];
  const direct = sink.directRows.bind(sink);
  sink.directRows = () => {
    const d = direct();
    if (!d) return d;
    directChunks++;
    return {
      ...d,
      commitRow: () => {
        directRows++;
        d.commitRow();
      },
      cell: (c, raw) => {
        slowCells[c] = (slowCells[c] ?? 0) + 1;
        return d.cell(c, raw);
      },
    };
  };
  let error: string | null = null;
  try {
    await read(sink);
    sink.flush();
    writer.finish({});
  } catch (err) {
    error = String(err);
  } finally {
    writer.dispose();
  }
  const done = error === null;
  const out: Imported = {
    columns: done ? datasetColumns(store.db, id).map((c) => [c.name, c.type]) : null,
    cells: done ? datasetCells(store.db, id) : [],
    quarantine: done ? tableRows(store.db, 'quarantine', { columns: ['line', 'raw', 'reason', 'issues', 'fields'], orderBy: 'line' }) : [],
    counts: writer.counts,
    error,
    directChunks,
    directRows,
    slowCells,
  };
  store.close();
  return out;
}

/** A file's records read by the scan thread (csv-scan-ahead.ts), `readBytes` at a time. */
async function readScanned(file: string, dialect: CsvDialect, sink: WriterSink, readBytes: number, bomBytes = 0): Promise<ScanAhead> {
  const name = path.basename(file);
  const ahead = new ScanAhead(scanThreadFile, file, name, bomBytes, dialect, readBytes);
  try {
    await readCsvRecords(ahead, ahead, dialect, sink, name, () => undefined);
  } finally {
    ahead.destroy();
  }
  return ahead;
}

/** The text way: the bytes decoded as openText decodes them, read by readCsv. */
function viaText(chunks: readonly Buffer[], dialect: CsvDialect, sampleRows: number, stages: readonly RowStage[]): Promise<Imported> {
  return importWith(
    (sink) => {
      const decoder = new TextDecoder('utf-8', { fatal: true });
      const strings = [...chunks.map((c) => decoder.decode(c, { stream: true })), decoder.decode()];
      return readCsv(strings, dialect, sink, 'f.csv', () => undefined);
    },
    sampleRows,
    stages,
  );
}

/** Two imports that must agree: the text way, and another. */
interface Pair {
  readonly text: Imported;
  readonly other: Imported;
}

/**
 * The same bytes through readCsv and through readCsvBytes, cut into the same read chunks; and from a
 * file through the scan thread in reads of ~1/40 of the file (records cut everywhere, the switch to
 * CsvParser where a stage asks for it inside one), against readCsv over the same reads: where reads
 * end decides which rows the type sample sees, so only imports read alike can be compared.
 */
async function eachWay(chunks: readonly Buffer[], dialect = comma, sampleRows = 2, stages: readonly RowStage[] = []): Promise<{ text: Imported; bytes: Imported; scanned: Pair }> {
  const text = await viaText(chunks, dialect, sampleRows, stages);
  const bytes = await importWith((sink) => readCsvBytes(chunks, dialect, sink, 'f.csv', () => undefined), sampleRows, stages);
  const whole = Buffer.concat(chunks);
  const file = path.join(dir, `${++n}`, 'f.csv');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, whole);
  const reads = Math.max(64, Math.ceil(whole.length / 40));
  const scanned = await importWith((sink) => readScanned(file, dialect, sink, reads), sampleRows, stages);
  const textReads = await viaText(cut(whole, Array.from({ length: Math.ceil(whole.length / reads) }, (_, i) => (i + 1) * reads)), dialect, sampleRows, stages);
  return { text, bytes, scanned: { text: textReads, other: scanned } };
}

/** `text`'s UTF-8 bytes cut before each of `at` (byte offsets, any: inside a character too). */
function cut(text: string | Buffer, at: readonly number[]): Buffer[] {
  const b = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const points = [...new Set(at.map((a) => a % (b.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(b.subarray(from, p));
    from = p;
  }
  out.push(b.subarray(from));
  return out;
}

/** What two imports must share (a refused import stores nothing, whatever it had counted before the refusal). */
function expectAlike(got: Imported, want: Imported): void {
  const what = (i: Imported): unknown => ({ ...i, directChunks: 0, directRows: 0, slowCells: [], counts: i.error === null ? i.counts : null });
  expect(what(got)).toEqual(what(want));
}

function expectSame({ text, bytes, scanned }: { text: Imported; bytes: Imported; scanned: Pair | null }): void {
  expectAlike(bytes, text);
  if (scanned !== null) expectAlike(scanned.other, scanned.text);
}

describe('plainNumber', () => {
  it('gives the double Number() gives for plain decimals, and NaN for what it leaves to the slow path', () => {
    const cases = ['0', '-0', '+7', '007', '19.99', '-0.5', '.5', '5.', '123456789012345', '1234567890.12345', '0.1', '0.30000000000000004', '9007199254740993', '1.7976931348623157', '3.141592653589793238'];
    for (const s of cases) {
      const b = Buffer.from(s);
      expect(Object.is(plainNumber(b, 0, b.length, false), Number(s)), s).toBe(true);
    }
    for (const s of ['', '-', '.', '1e5', '1.2.3', '1,5', ' 1', '0x10']) expect(plainNumber(Buffer.from(s), 0, s.length, false), s).toBeNaN();
    expect(plainNumber(Buffer.from('1.5'), 0, 3, true)).toBeNaN();
    expect(plainNumber(Buffer.from('1234567890123456'), 0, 16, true)).toBeNaN();
    // 15 digits are still exact: no detour through Number() (or, for an integer column, the slow path).
    expect(plainNumber(Buffer.from('123456789012345'), 0, 15, true)).toBe(123456789012345);
    expect(plainNumber(Buffer.from('-12345678901234.5'), 0, 17, false)).toBe(-12345678901234.5);
  });

  it('matches Number() on random decimals of up to 20 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[+-]?[0-9]{0,12}\.?[0-9]{0,10}$/), (s) => {
        const x = plainNumber(Buffer.from(s), 0, s.length, false);
        if (!Number.isNaN(x)) expect(Object.is(x, Number(s))).toBe(true);
        else expect(/[0-9]/.test(s)).toBe(false);
      }),
      fuzzSettings(3000),
    );
  });
});

describe('byteDialect', () => {
  it('takes one ASCII byte each for delimiter and quote, neither a line break nor the same', () => {
    const d = (delimiter: string, quote: string): boolean => byteDialect({ delimiter, quote, header: true });
    expect([d(',', '"'), d(';', "'"), d('\t', '"'), d('|', '\u007f')]).toEqual([true, true, true, true]);
    expect([d('', '"'), d(',', ''), d(',,', '"'), d(',', '""')]).toEqual([false, false, false, false]);
    expect([d('\u0080', '"'), d(',', '\u00a8'), d('€', '"'), d(',', '’')]).toEqual([false, false, false, false]);
    expect([d('\n', '"'), d('\r', '"'), d(',', '\n'), d(',', '\r'), d('"', '"')]).toEqual([false, false, false, false, false]);
  });
});

/** Text that exercises a CSV parser, multibyte characters and Unicode white space included. */
const csvish = fc.string({
  unit: fc.constantFrom(',', ';', '\t', '"', "'", '\n', '\r', ' ', 'a', '1', '.', 'é', '€', '𐀀', '\u00a0', '\u2028'),
  maxLength: 200,
});

describe('CsvScanner', () => {
  const runs = fuzzSettings(3000);
  it(`finds CsvParser's records and broken lines in the UTF-8 bytes, cut anywhere (${runs.numRuns} cases)`, () => {
    fc.assert(
      fc.property(csvish, fc.constantFrom(',', ';', '\t'), fc.constantFrom('"', "'"), fc.array(fc.nat(), { maxLength: 8 }), (text, d, q, at) => {
        const expected: unknown[] = [];
        const parser = new CsvParser(d, q);
        const onRow = (fields: string[], broken: string | null, raw: string | null): void => void expected.push(broken ? [broken, raw] : fields);
        parser.push(text, onRow);
        parser.end(onRow);
        const got: unknown[] = [];
        const scanner = new CsvScanner(d, q);
        const on = { record: () => void got.push(scanner.fields()), broken: (b: Buffer, s: number, e: number, why: string) => void got.push([why, b.toString('utf8', s, e)]) };
        for (const c of cut(text, at)) scanner.push(c, on);
        scanner.end(on);
        expect(got).toEqual(expected);
      }),
      runs,
    );
  });

  it('keeps the CSV fuzz corpus cases', () => {
    const scan = (chunks: Buffer[], d: string): unknown[] => {
      const got: unknown[] = [];
      const s = new CsvScanner(d, '"');
      const on = { record: () => void got.push(s.fields()), broken: (b: Buffer, st: number, e: number) => void got.push(b.toString('utf8', st, e)) };
      for (const c of chunks) s.push(c, on);
      s.end(on);
      return got;
    };
    expect(scan([Buffer.from('"\u0000"\r'), Buffer.from('\n"𐀀"')], ',')).toEqual([['\u0000'], ['𐀀']]);
    expect(scan([Buffer.from('"",'), Buffer.from(',')], '\t')).toEqual(['"",,']);
  });
});

describe('readCsvBytes against readCsv', () => {
  // Types inferred from the first 2 rows, then every case the byte path has to get right.
  const quarantineFixture = [
    'id,name,score,when,ok,code',
    '1,Åsa,1.5,2024-01-02,yes,A7',
    '2,José,2,2024-02-03,no,A8',
    '3,"say ""hi""",,2024-03-04,yes,007',
    '4,"two\nlines, and a comma",NA,2024-03-05, no ,A9',
    '5,ragged,1.0',
    '6,"stray "quote,1,2024-03-06,yes,B1',
    '7,"€ 𐀀 ü",1e3,2024-13-45,maybe,B2',
    '8, padded ,123456789012345678,2024-03-07,y,B3',
    '9,,-0,,,',
    '10,n/a,.5,2024-03-08,n,B4',
    '"11",quoted id,"3.25","2024-03-09","yes","B5"',
    '12,x,1,2024-03-10,no,B6,extra',
    '',
    '  ',
    '13,last,0.1,2024-03-11,yes,B7',
  ].join('\r\n');

  it('stores the same values and quarantines the same rows, with the values after the sample written straight into the chunks', async () => {
    const r = await eachWay([Buffer.from(quarantineFixture)]);
    expectSame(r);
    expect(r.bytes.directChunks).toBeGreaterThan(0);
    expect(r.bytes.directRows).toBeGreaterThan(0);
    expect(r.text.directChunks).toBe(0);
    expect(r.bytes.quarantine.length).toBe(3);
    expect(r.bytes.cells.length).toBe(10);
  });

  it('gives the same import however the bytes are cut (inside quoted fields, CRLFs and multibyte characters)', async () => {
    const bytes = Buffer.from(quarantineFixture);
    const inside = [bytes.indexOf('two') + 2, bytes.indexOf('ü') + 1, bytes.indexOf('𐀀') + 2, bytes.indexOf('\r\n5') + 1, bytes.indexOf('""hi') + 1];
    for (const at of [inside, Array.from({ length: 40 }, (_, i) => i * 17 + 3)]) {
      const r = await eachWay(cut(bytes, at));
      expectSame(r);
      expect(r.bytes.directChunks).toBeGreaterThan(0);
    }
  });

  it('goes on with CsvParser where the writer takes whole rows only (a stage), from inside a cut record', async () => {
    const bytes = Buffer.from(quarantineFixture);
    for (const at of [[bytes.indexOf('two') + 2], [bytes.indexOf('ü') + 1], [bytes.indexOf('2,José')]]) {
      const r = await eachWay(cut(bytes, at), comma, 2, [noStage]);
      expectSame(r);
      expect(r.bytes.directChunks).toBe(0);
      expect(r.bytes.cells.length).toBe(10);
    }
  });

  it('widens a column the way the row path does when a later chunk breaks its type', async () => {
    const rows = ['a,b,c', ...Array.from({ length: 300 }, (_, i) => `${i % 5},${i * 2},x${i % 3}`), '301,2.5,x1', '302,text,x2', '303,7,4'];
    const r = await eachWay(cut(rows.join('\n'), [50, 400, 2000, 3000]), comma, 20);
    expectSame(r);
    expect(r.bytes.columns).toEqual([
      ['a', 'integer'],
      ['b', 'text'],
      ['c', 'categorical'],
    ]);
  });

  it('codes text by its bytes past the dictionary give-up and across chunks, missing tokens in any case among it', async () => {
    const words = ['no', 'NA', 'n/a', 'None', 'yes', '-', '?', '#N/A', 'nan', 'NULL', 'nah', 'n', 'Ñ'];
    const rows = ['k,v,w'];
    for (let i = 0; i < 70_000; i++) rows.push(`${i % 5000 === 0 ? 'é' : ''}k${i % 9000},${i % 3 === 0 ? 'NA' : (i * 0.37).toFixed(3)},${words[i % words.length]}`);
    const r = await eachWay(cut(rows.join('\n'), [100_000, 300_000, 300_001]), comma, 100);
    expectSame(r);
    expect(r.bytes.cells.length).toBe(70_000);
  });

  // Each case starts two writer threads: few cases (FUZZ_RUNS multiplies them).
  const runs = fuzzSettings(12);
  it(`generated tables, damaged now and then, cut anywhere: the same import (${runs.numRuns} cases)`, async () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'NA', 'null', ' 1', '1 ', '-', '1e5', '0.1', '-0', '007', '2024-02-29', '29/02/2024', 'true', 'no', 'Ünï', '𐀀', 'a,b', 'q"q', 'l\nl', '12345678901234567'),
      fc.integer({ min: -1000, max: 1000 }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.string({ maxLength: 4 }),
    );
    const table = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(table, fc.array(fc.nat(), { maxLength: 5 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('"', ',', '\n', 'x')), { maxLength: 2 }), fc.integer({ min: 1, max: 5 }), async (rows, at, damage, sample) => {
        let text = Papa.unparse([['a', 'b', 'c'], ...rows], { newline: '\n' });
        for (const [i, ch] of damage) {
          const k = i % (text.length + 1);
          text = text.slice(0, k) + ch + text.slice(k);
        }
        expectSame(await eachWay(cut(text, at), comma, sample));
      }),
      runs,
    );
  }, 120_000);
});

describe('the rows written straight into the column chunks', () => {
  /** A table whose first `sampleRows` rows are plain, then `rows`; cut every `every` bytes so the rest is read straight. */
  function table(header: string, sample: (i: number) => string, sampleRows: number, rows: readonly string[], every = 97): Buffer[] {
    const text = [header, ...Array.from({ length: sampleRows }, (_, i) => sample(i)), ...rows].join('\n');
    return cut(text, Array.from({ length: Math.ceil(text.length / every) }, (_, i) => (i + 1) * every));
  }

  it('take plain values without converting text, and convert each distinct date or boolean once', async () => {
    const days = ['2024-01-01', '2024-02-29', '2023-12-31', '1999-07-04', '2024-03-10'];
    const row = (i: number): string => {
      const gap = i % 11 === 5;
      return [i * 7 + 3, gap ? '' : i % 50, gap ? '' : ((i % 97) / 4).toFixed(2), gap ? '' : `name${i}`, ['A', 'B', 'C'][i % 3], gap ? '' : days[i % days.length], i % 2 ? 'true' : 'false'].join(',');
    };
    const rows = Array.from({ length: 3000 }, (_, i) => row(i + 60));
    const r = await eachWay(table('user_id,n,x,name,grade,day,flag', row, 60, rows), comma, 60);
    expectSame(r);
    expect(r.bytes.columns).toEqual([
      ['user_id', 'id'],
      ['n', 'integer'],
      ['x', 'number'],
      ['name', 'text'],
      ['grade', 'categorical'],
      ['day', 'date'],
      ['flag', 'boolean'],
    ]);
    expect(r.bytes.directRows).toBeGreaterThan(2900);
    // Only the dates and booleans go through the writer's conversion: once per distinct value (empty fields never).
    expect(r.bytes.slowCells).toEqual([undefined, undefined, undefined, undefined, undefined, days.length, 2]);
  });

  it('store padded values, missing tokens in any case, ids and widened numbers as readCsv does', async () => {
    const plain = (i: number): string => `${i + 1},note ${i},${i % 2 ? 'a' : 'b'},${i % 7},${i % 9}`;
    const odd = [
      ['" 12"', ' NA', 'NA ', ' 5', '7'],
      ['"13 "', '"\tnull"', '"none\t"', '+5', '8'],
      ['0', '"\nNA"', '"n/a\r"', '-0', '9'],
      ['007', '"NA\n"', '"\rnan"', '', '10'],
      ['-5', 'Z', 'z', '1e3', '11'],
      ['+5', '#N/A', 'Nan', '00', '12'],
      ['1234567890123456', '', '" "', '12345678901234567', '13'],
      ['123456789012345', 'N', '?', '-', '14'],
      ['A12', '"say ""x"""', '"-"', '"3"', '15'],
      ['99', 'NULL', 'None', '4', '2.5'],
      ['100', 'nA', 'n/A', '5', '16'],
      ['12.5', 'x', 'y', '6', '17'],
      // Over 15 digits: Number() of the text, Infinity here, stored as readCsv stores it.
      ['101', 'w', 'a', '7', `1${'0'.repeat(400)}`],
    ].map((f) => f.join(','));
    const r = await eachWay(table('user_id,note,kind,n,v', plain, 40, odd, 13), comma, 40);
    expectSame(r);
    expect(r.bytes.directRows).toBe(odd.length);
    expect(r.bytes.columns).toEqual([
      ['user_id', 'id'],
      ['note', 'text'],
      ['kind', 'categorical'],
      ['n', 'number'],
      ['v', 'number'],
    ]);
    // What readCsv gives, spelled out for a few of them: ids trimmed to numbers, padded tokens missing.
    expect(r.bytes.cells.slice(40, 44).map((c) => c.slice(0, 3))).toEqual([
      [12, null, null],
      [13, null, null],
      [0, null, null],
      ['007', null, null],
    ]);
  });

  it('ask for a cancel at each read chunk', async () => {
    let asked = 0;
    let pulled = 0;
    const cancel = (): void => {
      if (++asked > 12) throw new Error('cancelled by the test');
    };
    function* chunks(): Generator<Buffer> {
      yield Buffer.from('a,b\n');
      for (let k = 0; k < 100; k++) {
        pulled++;
        yield Buffer.from(Array.from({ length: 50 }, (_, i) => `${k * 50 + i},x${i}\n`).join(''));
      }
    }
    const r = await importWith((sink) => readCsvBytes(chunks(), comma, sink, 'f.csv', () => undefined), 100, [], cancel);
    expect(r.error).toMatch(/cancelled by the test/);
    expect(r.directChunks).toBeGreaterThan(5);
    expect(pulled).toBeLessThan(15);
  });

  it('stop reading once a preview has its rows', async () => {
    let pulled = 0;
    function* chunks(): Generator<Buffer> {
      for (let k = 0; k < 100; k++) {
        pulled++;
        yield Buffer.from(`${k === 0 ? 'a,b\n' : ''}${k},x\n${k},y\n`);
      }
    }
    const preview = new PreviewSink(5);
    await readCsvBytes(chunks(), comma, preview, 'f.csv', () => undefined);
    expect(preview.kept).toEqual([
      ['0', 'x'],
      ['0', 'y'],
      ['1', 'x'],
      ['1', 'y'],
      ['2', 'x'],
    ]);
    // The loop asks for the next chunk before it sees the sink is full: the fourth is pulled, then dropped.
    expect(pulled).toBe(4);
  });
});

describe('readSource with the byte reader', () => {
  /** readSource's text and byte readers, and (for a plain file) the scan thread, all in reads of 1 MB. */
  async function both(file: string, bomBytes = 0): Promise<{ text: Imported; bytes: Imported; scanned: Pair | null }> {
    const via = (bytes: boolean): Promise<Imported> =>
      importWith(async (sink) => {
        const before = process.env['ASSAY_CSV_BYTES'];
        process.env['ASSAY_CSV_BYTES'] = bytes ? '1' : '0';
        try {
          await readSource(file, path.basename(file), {}, sink, () => undefined);
        } finally {
          if (before === undefined) delete process.env['ASSAY_CSV_BYTES'];
          else process.env['ASSAY_CSV_BYTES'] = before;
        }
      }, 2);
    const text = await via(false);
    const scanned = file.endsWith('.gz') ? null : { text, other: await importWith((sink) => readScanned(file, comma, sink, readChunkBytes, bomBytes), 2) };
    return { text, bytes: await via(true), scanned };
  }

  it('reads a file with a BOM and CRLFs, plain and gzip-compressed, as the text reader does', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(quarantineLines())]);
    for (const [name, bytes] of [['bom.csv', body], ['bom.csv.gz', zlib.gzipSync(body)]] as const) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const r = await both(file, 3);
      expectSame(r);
      expect(r.bytes.directChunks).toBeGreaterThan(0);
      expect((r.bytes.columns as string[][])[0]![0]).toBe('id');
    }
  });

  it('refuses a file that mixes encodings with the same error', async () => {
    const file = path.join(dir, 'mixed.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('a,b\n1,é\n'.repeat(20_000)), Buffer.from([0x31, 0x2c, 0xe9, 0x0a])]));
    const r = await both(file);
    expect(r.bytes.error).toMatch(/mixes encodings: it reads as UTF-8 until byte 180,002/);
    expectSame(r);
  });
});

function quarantineLines(): string {
  return ['id,v', '1,a', '2,b', '3', '4,"x""y"', '5,"never closed', '6,c'].join('\r\n');
}
