import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzSettings } from '../../../main/host/fuzz';
import { tempDir } from '../../../main/host/testing';
import { AssayError } from '../../../preload/contract/errors';
import { CsvScanner, type ScanHandler } from './csv-scan';
import { ScanAhead } from './csv-scan-ahead';
import { openText } from './text-input';

// Inside the repository (an ignored folder), as the other thread tests bundle theirs.
const threadFile = path.resolve(__dirname, `../../../.cache/csv-scan-ahead-test/csv-scan-thread-${process.pid}.cjs`);
const dir = tempDir('assay-csv-scan-ahead-');
let n = 0;

beforeAll(async () => {
  await build({ entryPoints: [path.resolve(__dirname, './csv-scan-thread.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: threadFile, logLevel: 'warning' });
  return () => fs.rmSync(threadFile, { force: true });
});

const dialect = { delimiter: ',', quote: '"', header: true };

function write(content: Buffer | string): string {
  const file = path.join(dir, `${++n}`, 'f.csv');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, content);
  return file;
}

/** Records (their fields) and broken lines ([why, text]) as a handler sees them, in order. */
function collector(): { on: ScanHandler; got: unknown[] } {
  const got: unknown[] = [];
  return { got, on: { record: (r) => void got.push(r.fields()), broken: (b, s, e, why) => void got.push([why, b.toString('utf8', s, e)]) } };
}

/** Everything the scan thread hands on for `file`, read `readBytes` at a time. */
async function scanned(file: string, readBytes: number, bomBytes = 0, d = dialect): Promise<{ got: unknown[]; chunks: number; ahead: ScanAhead }> {
  const ahead = new ScanAhead(threadFile, file, 'f.csv', bomBytes, d, readBytes);
  const { on, got } = collector();
  let chunks = 0;
  try {
    for await (const chunk of ahead) {
      ahead.scan(chunk, on);
      chunks++;
    }
    ahead.scan(null, on);
  } finally {
    ahead.destroy();
  }
  return { got, chunks, ahead };
}

/** The same text scanned here, in one piece. */
function scannedHere(text: Buffer, d = dialect): unknown[] {
  const scanner = new CsvScanner(d.delimiter, d.quote, 1 << 20);
  const { on, got } = collector();
  scanner.push(text, on);
  scanner.end(on);
  return got;
}

/** How openText's byte stream refuses a file: the same refusal is wanted from the thread. */
async function openTextError(file: string): Promise<string> {
  const input = openText(file, 'f.csv', false, { format: 'csv', encoding: 'utf-8', encodingBy: 'utf-8-valid', bomBytes: 0 }, true, true);
  try {
    for await (const chunk of input.text) void chunk;
    return 'no error';
  } catch (err) {
    return String(err);
  } finally {
    input.destroy();
  }
}

async function scanError(file: string, readBytes = 1 << 16): Promise<unknown> {
  try {
    await scanned(file, readBytes);
  } catch (err) {
    return err;
  }
  return null;
}

describe('ScanAhead (the CSV scan thread)', () => {
  const csvish = fc.string({ unit: fc.constantFrom(',', ';', '"', '\n', '\r', ' ', 'a', '1', 'é', '€', '𐀀', '\u00a0'), maxLength: 300 });
  const runs = fuzzSettings(25);
  it(`hands on the records and broken lines CsvScanner finds, in reads of any size, with a BOM or not (${runs.numRuns} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(csvish, fc.integer({ min: 1, max: 40 }), fc.boolean(), async (text, readBytes, bom) => {
        const body = Buffer.from(text);
        const file = write(bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
        const r = await scanned(file, readBytes, bom ? 3 : 0);
        expect(r.got).toEqual(scannedHere(body));
        // The fingerprint and the progress are of the file's own bytes, the BOM included.
        const raw = fs.readFileSync(file);
        expect(r.ahead.bytesRead()).toBe(raw.length);
        expect(r.ahead.sha256()).toBe(createHash('sha256').update(raw).digest('hex'));
      }),
      runs,
    );
  }, 60_000);

  it('grows a slot for a record longer than a read, and an index for a read of many small fields', async () => {
    const long = `"${'x'.repeat(200_000)}\n${'y'.repeat(50_000)}",tail\n`;
    const commas = `${','.repeat(999)}\n`.repeat(70);
    const body = Buffer.from(`a,b\n${long}1,2\n${commas}3,4\n`);
    const r = await scanned(write(body), 4096);
    expect(r.got).toEqual(scannedHere(body));
    expect(r.got[1]).toEqual([`${'x'.repeat(200_000)}\n${'y'.repeat(50_000)}`, 'tail']);
    expect(r.got).toHaveLength(1 + 1 + 1 + 70 + 1);
  });

  it('refuses what openText refuses, with the same message: a line too long, mixed encodings, a cut character', async () => {
    const cases = [
      Buffer.from(`a,b\n1,${'z'.repeat((1 << 20) + 10)}\n`),
      Buffer.concat([Buffer.from('a,b\n1,é\n'.repeat(20_000)), Buffer.from([0x31, 0x2c, 0xe9, 0x0a])]),
      Buffer.concat([Buffer.from('a,b\n1,2\n'), Buffer.from('€').subarray(0, 2)]),
    ];
    for (const content of cases) {
      const file = write(content);
      const err = await scanError(file);
      expect(err).toBeInstanceOf(AssayError);
      expect(String(err)).toBe(await openTextError(file));
    }
  });

  it('refuses a file that is gone, saying so', async () => {
    const gone = await scanError(path.join(dir, 'missing.csv'));
    expect(gone).toBeInstanceOf(AssayError);
    expect((gone as AssayError).code).toBe('IO');
    expect(String(gone)).toMatch(/Reading f\.csv failed: ENOENT/);
  });

  it('lets the event loop turn between chunks while the thread is ahead (a cancel or a progress message is not held up)', async () => {
    const file = write('a,b\n'.concat('1,2\n'.repeat(200_000)));
    const ahead = new ScanAhead(threadFile, file, 'f.csv', 0, dialect, 16_384);
    let taken = 0;
    let timerAt = -1;
    try {
      for await (const chunk of ahead) {
        void chunk;
        // A timer, as a cancel arriving over IPC would be: it must fire while the file is read, not after.
        if (++taken === 3) setTimeout(() => (timerAt = taken), 0);
        const until = Date.now() + 2;
        while (Date.now() < until);
      }
    } finally {
      ahead.destroy();
    }
    expect(taken).toBeGreaterThan(40);
    expect(timerAt).toBeGreaterThan(0);
    expect(timerAt).toBeLessThan(10);
  });

  it('stops when its reader stops early and destroys it, whether reading or waiting for a slot', async () => {
    const file = write('a,b\n'.concat('1,2\n'.repeat(250_000)));
    const ahead = new ScanAhead(threadFile, file, 'f.csv', 0, dialect, 65_536);
    let taken = 0;
    for await (const chunk of ahead) {
      void chunk;
      if (++taken === 2) break;
    }
    expect(ahead.bytesRead()).toBe(2 * 65_536);
    // By now the thread has filled every slot and waits for one to be handed back.
    await new Promise((resolve) => setTimeout(resolve, 300));
    ahead.destroy();
    await expect(ahead.closed).resolves.toBeUndefined();
  });
});
