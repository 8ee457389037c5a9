import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../host/testing';
import { importOptionsFrom } from './import-options';
import { cliEnv, cliRunner } from './testing';

const dir = tempDir();
const env = cliEnv(dir);

const assay = cliRunner({ env });

describe('assay import: how the source is read', () => {
  it('maps flags to ImportOptions and refuses bad values', () => {
    expect(importOptionsFrom({ delimiter: 'tab', encoding: 'latin1', header: 'no', records: 'data.items', sheet: 'S', format: 'json' })).toEqual({
      delimiter: '\t',
      encoding: 'windows-1252',
      header: false,
      recordsPath: 'data.items',
      sheet: 'S',
      format: 'json',
    });
    expect(() => importOptionsFrom({ delimiter: ';;' })).toThrow(/one character/);
    expect(() => importOptionsFrom({ encoding: 'ebcdic' })).toThrow(/--encoding must be one of/);
  });

  it('--encoding, --delimiter, --sheet and --records reach the import', async () => {
    const project = path.join(dir, 'opts.assay');
    expect(assay('new', project).code).toBe(0);
    const latin = path.join(dir, 'latin.txt');
    fs.writeFileSync(latin, Buffer.from('a|b\nZoë|1\n', 'latin1'));
    const a = assay('import', project, latin, '--encoding', 'windows-1252', '--delimiter', '|', '--json');
    expect(a.stderr).toBe('');
    expect(JSON.parse(a.stdout)).toMatchObject({ dataset: 'latin', rowsStored: 1 });

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('One').addRow(['x']);
    const two = wb.addWorksheet('Two');
    two.addRow(['y', 'z']);
    two.addRow([1, 2]);
    const book = path.join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(book);
    expect(JSON.parse(assay('import', project, book, '--sheet', 'Two', '--json').stdout)).toMatchObject({ dataset: 'book', rowsStored: 1 });

    const json = path.join(dir, 'wrapped.json');
    fs.writeFileSync(json, JSON.stringify({ a: [{ k: 1 }], b: { rows: [{ k: 1 }, { k: 2 }] } }));
    expect(JSON.parse(assay('import', project, json, '--records', 'b.rows', '--json').stdout)).toMatchObject({ rowsStored: 2 });

    const bad = assay('import', project, json, '--records', 'b.nope', '--json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no array at the records path "b.nope"/);
    expect(assay('import', project, json, '--header', 'maybe').code).toBe(2);
  });
});
