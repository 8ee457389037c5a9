import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { convertToColumns } from '../../native-workers/project/columns/convert';
import { rowDataset } from '../../native-workers/project/columns/testing';
import { ProjectStore } from '../../native-workers/project/store';
import { distDir } from '../host/paths';
import { tempDir } from '../host/testing';

const dir = tempDir('assay-cli-export-data-');
const cliPath = path.join(distDir(), 'cli', 'assay.js');
const env = { ...process.env, ASSAY_HOME: path.join(dir, 'home') };

function assay(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('assay export-data', () => {
  const project = path.join(dir, 'p.assay');
  const store = ProjectStore.create(project);
  const columns = [
    { name: 'city', type: 'categorical' as const },
    { name: 'temp', type: 'number' as const },
  ];
  const id = rowDataset(store.db, 'weather', columns, 3, (i) => [['Oslo', 'Lyon', 'Kyōto'][i]!, i === 1 ? null : i * 1.5]);
  convertToColumns(store.db, id, 2);
  store.close();

  it('writes a columnar dataset by name to the format its file names, without writing the project', () => {
    const before = fs.readFileSync(project);
    const csv = assay('export-data', project, 'weather', '--to', path.join(dir, 'w.csv'), '--json');
    expect(csv.stderr).toBe('');
    expect(JSON.parse(csv.stdout)).toMatchObject({ dataset: 'weather', format: 'csv', rows: 3, columns: 2, misfits: 0 });
    expect(fs.readFileSync(path.join(dir, 'w.csv'), 'utf8')).toBe('city,temp\r\nOslo,0\r\nLyon,\r\nKyōto,3\r\n');
    const arrow = assay('export-data', project, String(id), '--to', path.join(dir, 'w.arrow'));
    expect(arrow.stdout).toBe(`wrote 3 rows × 2 columns of "weather" to ${path.join(dir, 'w.arrow')} (arrow)\n`);
    expect(tableFromIPC(fs.readFileSync(path.join(dir, 'w.arrow'))).toArray().map((r: { city: string; temp: number | null }) => [r.city, r.temp])).toEqual([
      ['Oslo', 0],
      ['Lyon', null],
      ['Kyōto', 3],
    ]);
    expect(fs.readFileSync(project).equals(before)).toBe(true);
  });

  it('names the datasets there are, and the formats it writes', () => {
    const missing = assay('export-data', project, 'nope', '--to', path.join(dir, 'x.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No dataset "nope" in this project; it has: "weather".');
    const format = assay('export-data', project, 'weather', '--to', path.join(dir, 'x.xlsx'));
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('name the file .csv, .parquet or .arrow');
    expect(fs.existsSync(path.join(dir, 'x.xlsx'))).toBe(false);
    expect(assay('export-data', project, 'weather').code).toBe(2);
  });
});
