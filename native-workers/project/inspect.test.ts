import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../main/host/testing';
import { createImportingDataset, discardDataset } from './datasets';
import { createRowTable } from './dataset-tables';
import {
  checkpointWal,
  columnStats,
  countTableRows,
  deleteImageModels,
  holdWriteLock,
  integrityCheck,
  rowTableCount,
  tableCells,
  tableRows,
  writeSqliteSource,
} from './inspect';
import { addLineage } from './lineage';
import { connect } from './open';
import { openSqliteSource, querySqliteSource } from './sqlite-source';
import { ProjectStore } from './store';

describe('inspect: what tests see of a project file', () => {
  it('reads rows by column, filter and order, counts them and sums up a column', () => {
    const store = ProjectStore.create(path.join(tempDir(), 'look.assay'));
    const { id } = createImportingDataset(store.db, 'd', 's');
    for (const [event, n] of [['import', 3], ['append', 1], ['append', 2]] as const) addLineage(store.db, id, event, { n });
    expect(tableRows(store.db, 'lineage', { columns: ['event'], where: { dataset_id: id, event: 'append' } })).toEqual([{ event: 'append' }, { event: 'append' }]);
    expect(tableCells(store.db, 'lineage', { columns: ['event', 'detail'], orderBy: 'detail' })).toEqual([
      ['append', '{"n":1}'],
      ['append', '{"n":2}'],
      ['import', '{"n":3}'],
    ]);
    expect(countTableRows(store.db, 'lineage')).toBe(3);
    expect(countTableRows(store.db, 'lineage', { event: 'import' })).toBe(1);
    expect(countTableRows(store.db, 'lineage', { event: null })).toBe(0);
    expect(columnStats(store.db, 'lineage', 'event')).toEqual({ n: 3, distinct: 2, min: 'append', max: 'import' });

    createRowTable(store.db, `ds_${id}`, 1);
    expect(rowTableCount(store.db)).toBe(1);
    discardDataset(store.db, id);
    expect(rowTableCount(store.db)).toBe(0);
    expect(integrityCheck(store.db)).toBe('ok');
    // Names are quoted, values bound: a hostile one is only a name that does not exist.
    expect(() => tableRows(store.db, 'lineage; DROP TABLE runs')).toThrow(/no such table/);
    expect(countTableRows(store.db, 'runs')).toBe(0);
    store.close();
  });

  it('holds the write lock as another writer would, until released (committed)', () => {
    const file = path.join(tempDir(), 'locked.assay');
    ProjectStore.create(file).close();
    const release = holdWriteLock(file);
    const other = connect(file, false);
    other.pragma('busy_timeout = 0');
    expect(() => deleteImageModels(other, 1)).toThrow(/locked|busy/i);
    release();
    deleteImageModels(other, 1);
    expect(countTableRows(other, 'lineage', { event: 'lock' })).toBe(1);
    checkpointWal(other);
    other.close();
  });

  it('writes a SQLite source file and appends to it', () => {
    const file = path.join(tempDir(), 'src.sqlite');
    const columns = { id: 'INTEGER PRIMARY KEY', name: 'TEXT', v: 'REAL' };
    writeSqliteSource(file, 't', columns, [{ name: 'a', v: 0.5 }, { name: 'b', v: null }]);
    writeSqliteSource(file, 't', columns, [{ name: 'c', v: 2 }]);
    const db = openSqliteSource(file);
    expect([...querySqliteSource(db, 'SELECT * FROM t ORDER BY id', []).rows]).toEqual([
      [1, 'a', 0.5],
      [2, 'b', null],
      [3, 'c', 2],
    ]);
    db.close();
  });
});
