import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createImportingDataset } from '../../project/datasets';
import { datasetCells, tableRows } from '../../project/inspect';
import { listLineage } from '../../project/lineage';
import { ProjectStore } from '../../project/store';
import { tempDir } from '../../../main/host/testing';
import { parseRuleSet } from '../../../preload/contract/rules';
import { DatasetWriter } from '../writer';
import { RulesStage } from './stage';

describe('DatasetWriter with a RulesStage', () => {
  it('keeps issues and fields of rejected rows, and a rejected value does not widen its column', () => {
    const store = ProjectStore.create(path.join(tempDir(), 'wr.assay'));
    const db = store.db;
    expect(createImportingDataset(db, 'd', 's').id).toBe(1);
    const rules = new RulesStage(parseRuleSet({ version: 1, rules: [{ kind: 'range', column: 'n', min: 0 }, { kind: 'required', column: 'name' }] }), () => new Set());
    const writer = new DatasetWriter(db, 1, [rules]);
    // begin() binds the stage to the columns.
    writer.begin(['name', 'n'], ['text', 'integer']);
    const records = [
      ['a', '1'],
      ['b', 'oops'], // text in an integer column: fails range; must not turn the column into text
      ['', '-3'], // fails both
      ['c', '2', 'extra'], // wrong width
      ['d', '4'],
    ];
    writer.writeBatch(records, (r) => r.join(','));
    writer.finish({ source: 'test' });
    expect(writer.counts).toEqual({ rowsRead: 5, rowsStored: 2, rowsQuarantined: 3 });
    expect(tableRows(db, 'dataset_columns', { columns: ['type'], where: { dataset_id: 1, position: 1 } })).toEqual([{ type: 'integer' }]);
    expect(datasetCells(db, 1)).toEqual([
      ['a', 1],
      ['d', 4],
    ]);
    const q = tableRows(db, 'quarantine', { columns: ['line', 'raw', 'reason', 'issues', 'fields'], orderBy: 'id' }) as { line: number; raw: string; reason: string; issues: string; fields: string }[];
    expect(q.map((r) => [r.line, r.raw, r.reason])).toEqual([
      [2, 'b,oops', 'n: "oops" is not a number'],
      [3, ',-3', 'n: -3 is below 0; name: value is missing'],
      [4, 'c,2,extra', 'expected 2 fields, found 3'],
    ]);
    expect(JSON.parse(q[1].issues)).toEqual([
      { rule: 'n:range', column: 'n', message: '-3 is below 0' },
      { rule: 'name:required', column: 'name', message: 'value is missing' },
    ]);
    expect(JSON.parse(q[1].fields)).toEqual(['', '-3']);
    expect(JSON.parse(q[2].issues)).toEqual([{ rule: 'parse', column: null, message: 'expected 2 fields, found 3' }]);
    expect(listLineage(db, 1)[0]?.detail['stages']).toEqual({ rules: { 'n:range': 2, 'name:required': 1 } });
    store.close();
  });
});
