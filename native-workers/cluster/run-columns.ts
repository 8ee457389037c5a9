import { frameColumn } from '../ml/tabular/frame';
import { loadDataset } from '../jobs/train/data';
import type { Db } from '../project/open';
import { readRun } from '../project/train';
import { writeFrameFile } from './frame-file';

/**
 * Writes the columns a training run's fold and trial jobs read (the plan's features and the target) as one
 * Arrow IPC file: a cluster run's input, written once by the host, so that no job on a node pages the
 * dataset's rows out of the project again.
 */
export async function writeRunColumns(db: Db, runId: number, file: string): Promise<void> {
  const { spec, summary: plan } = readRun(db, runId);
  const f = loadDataset(db, spec.datasetId, () => undefined).frame;
  await writeFrameFile({ rows: f.rows, columns: [...plan.features, spec.target].map((name) => frameColumn(f, name)!) }, file);
}
