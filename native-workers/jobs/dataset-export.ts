import path from 'node:path';
import { exportDatasetFile } from '../project/dataset-export';
import { requireReadyDataset } from '../project/datasets';
import { connect } from '../project/open';
import type { ExportedData } from '../../preload/contract/dataset-export';
import type { DatasetExportJobSpec } from '../protocol';
import { yieldToEvents, type JobContext } from '../runtime/context';

/** The grid's export: the CLI's writer, with progress per page and cancel in between (read-only on the project). */
export async function runDatasetExport(spec: DatasetExportJobSpec, ctx: JobContext): Promise<ExportedData> {
  const db = connect(spec.projectPath, true);
  try {
    const ds = requireReadyDataset(db, spec.datasetId);
    const title = `Exporting ${ds.name}`;
    const name = path.basename(spec.file);
    ctx.progress({ kind: 'dataset-export', value: 0, title, detail: `to ${name}` }, true);
    return await exportDatasetFile(db, spec.datasetId, spec.file, {
      progress: (rows, total) => {
        ctx.progress({ kind: 'dataset-export', value: total > 0 ? rows / total : 1, title, detail: `${rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows to ${name}` });
      },
      checkCancelled: async () => {
        // Lets a cancel message arrive between pages (reading a page is synchronous).
        await yieldToEvents();
        ctx.checkCancelled();
      },
    });
  } finally {
    db.close();
  }
}
