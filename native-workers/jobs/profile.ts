import { AssayError } from '../../preload/contract/errors';
import type { DatasetProfile } from '../../preload/contract/types';
import { ColumnAccumulator } from '../ml/profile';
import { datasetColumns, findReadyDataset } from '../project/datasets';
import { datasetPages } from '../project/dataset-pages';
import { connect } from '../project/open';
import type { ProfileJobSpec } from '../protocol';
import { yieldToEvents, type JobContext } from '../runtime/context';

const batchRows = 20000;

/** Profiles every column of a dataset in one pass over its rows, either storage (read-only). */
export async function runProfile(spec: ProfileJobSpec, ctx: JobContext): Promise<DatasetProfile> {
  const db = connect(spec.projectPath, true);
  try {
    const ds = findReadyDataset(db, spec.datasetId);
    if (!ds) throw new AssayError('NOT_FOUND', `Dataset ${spec.datasetId} does not exist.`);
    const cols = datasetColumns(db, spec.datasetId);
    const accs = cols.map((c) => new ColumnAccumulator(c.name, c.type));
    let done = 0;
    ctx.checkCancelled();
    for (const rows of datasetPages(db, ds, cols.length, batchRows)) {
      for (const row of rows) {
        for (let i = 0; i < accs.length; i++) accs[i].push(row[i]);
      }
      done += rows.length;
      ctx.progress({
        kind: 'profile',
        value: ds.rowCount > 0 ? done / ds.rowCount : 1,
        title: `Profiling ${ds.name}`,
        detail: `${done.toLocaleString('en-US')} of ${ds.rowCount.toLocaleString('en-US')} rows`,
        metrics: { rows: done },
      });
      // Batches keep memory flat and let a cancel message in.
      await yieldToEvents();
      ctx.checkCancelled();
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
