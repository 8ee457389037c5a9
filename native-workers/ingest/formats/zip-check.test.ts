import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxParts, zipBytes } from './test-zips';
import { checkZipExpansion, zipLimits } from './zip-check';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-zip-check-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

const rows = Array.from({ length: 20 }, (_, i) => [{ s: i % 2 }, { n: i }]);

describe('checkZipExpansion: what a workbook unzips to, counted, not believed', () => {
  it('passes an ordinary workbook', async () => {
    await expect(checkZipExpansion(write('ok.xlsx', zipBytes(xlsxParts(['red', 'blue'], rows))), 'ok.xlsx')).resolves.toBeUndefined();
  });

  it('refuses a part that inflates past the ratio, even when its header claims a small size', async () => {
    const parts = xlsxParts(['red', 'blue'], rows).map((p) => (p.name === 'xl/sharedStrings.xml' ? { ...p, data: Buffer.concat([p.data, Buffer.alloc(8 << 20, 0x20)]), claimedSize: 100 } : p));
    const file = write('liar.xlsx', zipBytes(parts));
    await expect(checkZipExpansion(file, 'liar.xlsx', { ...zipLimits, floorBytes: 1 << 20 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/liar\.xlsx unzips to more than 1\.0 MB from \d+\.\d KB \(over 100 times its size\): that is what a decompression bomb does, so nothing was imported/) as unknown,
      detail: expect.stringMatching(/save the sheet as CSV/) as unknown,
    });
  });

  it('refuses a shared-strings table too large to hold, within the ratio', async () => {
    const file = write('sst.xlsx', zipBytes(xlsxParts(['x'.repeat(300_000)], rows)));
    await expect(checkZipExpansion(file, 'sst.xlsx', { ...zipLimits, sharedStringsBytes: 100_000 })).rejects.toMatchObject({
      message: expect.stringMatching(/sst\.xlsx holds a shared-strings table larger than 0\.1 MB unzipped/) as unknown,
    });
  });

  it('refuses overlapping entries (the non-recursive zip bomb)', async () => {
    const file = write('overlap.xlsx', zipBytes(xlsxParts(['a'], rows), true));
    await expect(checkZipExpansion(file, 'overlap.xlsx')).rejects.toMatchObject({ message: expect.stringMatching(/zip entries overlap/) as unknown });
  });

  it('refuses a file with no zip directory as damaged', async () => {
    const file = write('cut.xlsx', zipBytes(xlsxParts(['a'], rows)).subarray(0, 400));
    await expect(checkZipExpansion(file, 'cut.xlsx')).rejects.toMatchObject({ message: expect.stringMatching(/cut\.xlsx is not an \.xlsx workbook Assay can read: its zip directory is missing/) as unknown });
  });
});
