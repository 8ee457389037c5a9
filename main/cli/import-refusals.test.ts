import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../host/testing';
import { cliEnv, cliRunner } from './testing';

const dir = tempDir('assay-cli-refusals-');
const env = cliEnv(dir);
const project = path.join(dir, 'refusals.assay');

const assay = cliRunner({ env });

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

function datasetNames(): string[] {
  const info = JSON.parse(assay('info', project, '--json').stdout) as { datasets: { name: string }[] };
  return info.datasets.map((d) => d.name);
}

describe('small import refusals (#15)', () => {
  it('refuses more than 2,000 columns with the count and the limit, before any table exists', () => {
    expect(assay('new', project).code).toBe(0);
    const width = 2001;
    const header = Array.from({ length: width }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: width }, (_, i) => String(i)).join(',');
    const r = assay('import', project, file('wide.csv', `${header}\n${row}\n`));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The data has 2,001 columns; a dataset holds at most 2,000. Nothing was imported.');
    expect(r.stderr).not.toMatch(/too many columns/i);
    expect(datasetNames()).toEqual([]);
  });

  it('refuses a JSON file that holds one scalar instead of records', () => {
    for (const [name, text, what] of [
      ['n.json', '42\n', 'number (42)'],
      ['s.json', '"x"', 'string ("x")'],
      ['b.json', 'true', 'boolean (true)'],
    ] as const) {
      const r = assay('import', project, file(name, text));
      expect(r.code, name).toBe(1);
      expect(r.stderr).toContain(`${name} holds a single JSON ${what}, not records; nothing was imported.`);
      expect(r.stderr).toContain('A JSON file must hold an array of records (objects), or an object with a records path');
    }
    // A one-value CSV is still a CSV.
    expect(assay('import', project, file('one.csv', 'a\n1\n')).code).toBe(0);
  });

  it('warns on stderr and in --json when every row was quarantined (exit 0: the import ran and its rows are kept)', () => {
    const rules = file('rules.json', JSON.stringify({ version: 1, rules: [{ kind: 'range', column: 'a', min: 100 }] }));
    const r = assay('import', project, file('low.csv', 'a,b\n1,x\n2,y\n3,z\n'), '--rules', rules, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { rowsStored: number; rowsQuarantined: number; warning?: string };
    expect(out).toMatchObject({ rowsStored: 0, rowsQuarantined: 3 });
    expect(out.warning).toMatch(/^Every row \(3\) was quarantined: the dataset is empty\./);
    expect(r.stderr).toContain(`assay: warning: ${out.warning}`);
    // Some rows kept: no warning.
    const ok = assay('import', project, file('mixed.csv', 'a,b\n1,x\n200,y\n'), '--rules', rules, '--json');
    expect(JSON.parse(ok.stdout)).not.toHaveProperty('warning');
    expect(ok.stderr).toBe('');
  });
});
