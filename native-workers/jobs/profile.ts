import { openDatabase } from '../project/open';
import { AssayError } from '../../preload/contract/errors';
import type { Cell, ColumnType, DatasetProfile } from '../../preload/contract/types';
import { ColumnAccumulator } from '../ml/profile';
import type { ProfileJobSpec } from '../protocol';
import { yieldToEvents, type JobContext } from '../runtime/context';

const batchRows = 20000;

/** Profiles every column of a dataset in one pass over its table (read-only). */
export async function runProfile(spec: ProfileJobSpec, ctx: JobContext): Promise<DatasetProfile> {
  const db = openDatabase(spec.projectPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    const ds = db.prepare("SELECT name, table_name, row_count FROM datasets WHERE id = ? AND status = 'ready'").get(spec.datasetId) as
      | { name: string; table_name: string; row_count: number }
      | undefined;
    if (!ds) throw new AssayError('NOT_FOUND', `Dataset ${spec.datasetId} does not exist.`);
    const columns = db.prepare('SELECT name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(spec.datasetId) as {
      name: string;
      type: ColumnType;
    }[];
    const accs = columns.map((c) => new ColumnAccumulator(c.name, c.type));
    const page = db.prepare(`SELECT rowid, * FROM ${ds.table_name} WHERE rowid > ? ORDER BY rowid LIMIT ${batchRows}`).raw(true);
    let lastRowid = 0;
    let done = 0;
    for (;;) {
      ctx.checkCancelled();
      const rows = page.all(lastRowid) as Cell[][];
      if (rows.length === 0) break;
      for (const row of rows) {
        for (let i = 0; i < accs.length; i++) accs[i].push(row[i + 1]);
      }
      lastRowid = rows[rows.length - 1][0] as number;
      done += rows.length;
      ctx.progress({
        kind: 'profile',
        value: ds.row_count > 0 ? done / ds.row_count : 1,
        title: `Profiling ${ds.name}`,
        detail: `${done.toLocaleString('en-US')} of ${ds.row_count.toLocaleString('en-US')} rows`,
        metrics: { rows: done },
      });
      // Batches keep memory flat and let a cancel message in.
      await yieldToEvents();
    }
    return {
      datasetId: spec.datasetId,
      rowCount: done,
      columns: accs.map((a) => a.result()),
      createdAt: new Date().toISOString(),
    };
  } finally {
    db.close();
  }
}
