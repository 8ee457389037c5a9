import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../main/host/testing';
import type { Cell, Progress } from '../../../preload/contract/types';
import { rowDataset } from '../../project/columns/testing';
import { adjustCounts, datasetTable, getDataset } from '../../project/datasets';
import { tableCells, tableRows } from '../../project/inspect';
import { listLineage } from '../../project/lineage';
import { fixQuarantineRow, quarantineWriter } from '../../project/quarantine';
import { saveRules } from '../../project/rules';
import { ProjectStore } from '../../project/store';
import type { JobContext } from '../../runtime/context';
import { runValidate } from './validate';

/**
 * The validate job in this process (the host's tests run it in a worker, out of Stryker's reach):
 * rows that fail saved rules move to quarantine, and fixed quarantined rows are promoted back.
 */
function context(seen: Progress[]): JobContext {
  return {
    signal: new AbortController().signal,
    progress: (p) => void seen.push(p),
    log: () => undefined,
    checkCancelled: () => undefined,
    data: () => undefined,
    onControl: () => undefined,
  };
}

const people: Cell[][] = [
  ['ann', 30],
  ['bea', -1],
  ['cy', 40],
  [null, 200],
  ['dee', 25],
];

function project(): { file: string; store: ProjectStore; id: number } {
  const file = path.join(tempDir(), 'validate.assay');
  const store = ProjectStore.create(file);
  const id = rowDataset(store.db, 'people', [{ name: 'name', type: 'text' }, { name: 'age', type: 'integer' }], people.length, (i) => people[i]!);
  return { file, store, id };
}

interface Quarantined {
  id: number;
  line: number;
  raw: string;
  reason: string;
  issues: string;
  fields: string;
}

describe('validate job', () => {
  it('moves the rows that fail saved rules to quarantine, then promotes fixed ones back with a wider type', async () => {
    const { file, store, id } = project();
    const db = store.db;
    saveRules(db, id, { version: 1, rules: [{ kind: 'range', column: 'age', min: 0, max: 120 }, { kind: 'required', column: 'name' }] });
    const progress: Progress[] = [];

    const moved = await runValidate({ projectPath: file, datasetId: id, target: 'dataset', promote: false }, context(progress));
    expect(moved).toEqual({ datasetId: id, target: 'dataset', rowsChecked: 5, rowsFailing: 2, rowsMoved: 2, rules: { 'age:range': 2, 'name:required': 1 } });
    expect(tableCells(db, datasetTable(id))).toEqual([
      ['ann', 30],
      ['cy', 40],
      ['dee', 25],
    ]);
    expect(getDataset(db, id)).toMatchObject({ rowCount: 3, quarantinedCount: 2 });
    const q = tableRows(db, 'quarantine', { columns: ['id', 'line', 'raw', 'reason', 'issues', 'fields'], where: { dataset_id: id }, orderBy: 'id' }) as unknown as Quarantined[];
    expect(q.map((r) => [r.line, r.raw, r.reason, JSON.parse(r.fields)])).toEqual([
      [2, 'bea,-1', 'age: -1 is below 0', ['bea', '-1']],
      [4, ',200', 'age: 200 is above 120; name: value is missing', ['', '200']],
    ]);
    expect(JSON.parse(q[1]!.issues)).toEqual([
      { rule: 'age:range', column: 'age', message: '200 is above 120' },
      { rule: 'name:required', column: 'name', message: 'value is missing' },
    ]);
    expect(progress.at(-1)).toEqual({ kind: 'validate', value: 1, title: 'Validating people', detail: '5 of 5 rows' });
    expect(listLineage(db, id).at(-1)).toMatchObject({ event: 'validate', detail: { rulesVersion: 1, rowsChecked: 5, rowsMoved: 2, rules: { 'age:range': 2, 'name:required': 1 } } });

    // Bea's age fixed to 12.5: it passes the rules, but no longer fits an integer column. Records an
    // import could not split (a wrong width, no fields at all) stay where they are, saying why.
    fixQuarantineRow(db, id, q[0]!.id, ['bea', '12.5']);
    const keep = quarantineWriter(db, id);
    keep([7, 'x,y,z', 'expected 2 fields, found 3', '[]', JSON.stringify(['x', 'y', 'z'])]);
    keep([8, '"x', 'unclosed quote', '[]', null]);
    adjustCounts(db, id, 0, 2); // as the import that kept them would
    const checked = await runValidate({ projectPath: file, datasetId: id, target: 'quarantine', promote: false }, context([]));
    expect(checked).toEqual({ datasetId: id, target: 'quarantine', rowsChecked: 4, rowsFailing: 3, rowsMoved: 0, rules: { 'age:range': 1, 'name:required': 1 } });
    const verdicts = tableRows(db, 'quarantine', { columns: ['reason', 'issues'], where: { dataset_id: id }, orderBy: 'id' });
    expect(verdicts.map((r) => r['reason'])).toEqual([
      'passes every rule (ready to promote)',
      'age: 200 is above 120; name: value is missing',
      'expected 2 fields, found 3',
      'the record could not be split into fields',
    ]);
    expect(JSON.parse(String(verdicts[2]!['issues']))).toEqual([{ rule: 'parse', column: null, message: 'expected 2 fields, found 3' }]);
    expect(tableCells(db, datasetTable(id))).toHaveLength(3); // checking alone promotes nothing

    const promoting: Progress[] = [];
    const promoted = await runValidate({ projectPath: file, datasetId: id, target: 'quarantine', promote: true }, context(promoting));
    expect(promoted).toMatchObject({ rowsChecked: 4, rowsFailing: 3, rowsMoved: 1 });
    expect(tableCells(db, datasetTable(id))).toEqual([
      ['ann', 30],
      ['cy', 40],
      ['dee', 25],
      ['bea', 12.5],
    ]);
    expect(getDataset(db, id)).toMatchObject({ rowCount: 4, quarantinedCount: 3 });
    expect(getDataset(db, id).columns.map((c) => c.type)).toEqual(['text', 'number']);
    expect(promoting.at(-1)).toMatchObject({ title: 'Re-validating quarantine of people' });
    expect(listLineage(db, id).at(-1)).toMatchObject({ event: 'promote', detail: { rulesVersion: 1, rowsChecked: 4, rowsPromoted: 1 } });
    store.close();
  });

  it('a fixed row that would duplicate a kept value stays in quarantine (unique sees the dataset)', async () => {
    const { file, store, id } = project();
    saveRules(store.db, id, { version: 1, rules: [{ kind: 'range', column: 'age', min: 0 }, { kind: 'unique', column: 'name' }] });
    await runValidate({ projectPath: file, datasetId: id, target: 'dataset', promote: false }, context([]));
    const [bea] = tableRows(store.db, 'quarantine', { columns: ['id'], where: { dataset_id: id } }) as { id: number }[];
    fixQuarantineRow(store.db, id, bea!.id, ['ann', '5']);
    const r = await runValidate({ projectPath: file, datasetId: id, target: 'quarantine', promote: true }, context([]));
    expect(r).toMatchObject({ rowsChecked: 1, rowsFailing: 1, rowsMoved: 0 });
    expect(listLineage(store.db, id).map((e) => e.event)).not.toContain('promote'); // nothing passed: nothing to record
    expect(tableRows(store.db, 'quarantine', { columns: ['reason'], where: { dataset_id: id } })).toEqual([{ reason: 'name: "ann" appears more than once' }]);
    store.close();
  });

  it('refuses a dataset without saved rules, naming what to do', async () => {
    const { file, store, id } = project();
    await expect(runValidate({ projectPath: file, datasetId: id, target: 'dataset', promote: false }, context([]))).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'Dataset "people" has no saved rules: save rules in its Rules tab (or import it with --rules) first.',
    });
    store.close();
  });
});
