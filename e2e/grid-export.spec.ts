import fs from 'node:fs';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { millionRowProject } from './data';
import { expect, makeProject, shot, test } from './fixtures';

test.use({ viewport: { width: 1024, height: 700 } });

test('grid export: Parquet downloaded in browser mode holds the grid\'s rows; a large CSV export shows progress and cancels', async ({ page, openApp, tmp }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const csv = path.join(tmp, 'cities.csv');
  const rows = Array.from({ length: 40 }, (_, i) => [i + 1, ['Oslo', 'Bergen, NO', 'Bodø'][i % 3]!, i % 6 === 0 ? null : (i + 1) / 4] as const);
  fs.writeFileSync(csv, `id,city,score\n${rows.map(([id, city, score]) => `${id},${city.includes(',') ? `"${city}"` : city},${score ?? ''}`).join('\n')}\n`);
  await openApp({ project: makeProject(tmp, 'cities', csv) });

  const bar = page.getByTestId('data-export-bar');
  await expect(bar).toBeVisible();
  await bar.getByTestId('data-export-format').selectOption('parquet');
  const downloading = page.waitForEvent('download');
  await bar.getByTestId('data-export-button').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('cities.parquet');
  const saved = path.join(tmp, 'got.parquet');
  await download.saveAs(saved);
  await expect(bar.getByTestId('data-export-status')).toHaveText('Wrote 40 rows to cities.parquet');
  await shot(page, 'grid-export-done');
  const buf = fs.readFileSync(saved);
  const back = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
  expect(back.map((o) => [Number(o['id']), o['city'], o['score']])).toEqual(rows.map((r) => [...r]));

  // A million rows: progress while it runs, then Cancel leaves no file and says so.
  await openApp({ project: millionRowProject(tmp) });
  const big = page.getByTestId('data-export-bar');
  await big.getByTestId('data-export-format').selectOption('csv');
  await big.getByTestId('data-export-button').click();
  await expect(big.getByTestId('data-export-detail')).toContainText(/of 1,000,000 rows/);
  await shot(page, 'grid-export-running');
  await big.getByTestId('data-export-cancel').click();
  await expect(big.getByTestId('data-export-status')).toHaveText('Export cancelled; no file was left.');
  const box = await big.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(1024);
  expect(problems).toEqual([]);
});
