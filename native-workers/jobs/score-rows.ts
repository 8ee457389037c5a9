import type { ScoreRowsJobSpec, ScoreRowsResult } from '../protocol';
import type { JobContext } from '../runtime/context';
import { connect } from '../project/open';
import { datasetColumns, requireReadyDataset } from '../project/datasets';
import { datasetRowPages } from '../project/columns/dataset-rows';
import { resolveModel } from '../project/registry';
import { frameFromRecords } from '../ml/tabular/frame';
import { loadPredictor, type Predictor } from '../ml/tabular/predictor';
import { loadTf } from '../runtime/backend';

const pageRows = 5_000;

/**
 * One shard of a batch scoring: rows [start, end) of the dataset, each turned into the record `/predict` would
 * get (the model's input columns by name) and scored by the registered version. It writes nothing to the
 * project, so a shard that runs twice (a requeued cluster job) changes nothing; the host assembles the shards.
 */
export async function runScoreRows(job: ScoreRowsJobSpec, ctx: JobContext): Promise<ScoreRowsResult> {
  const db = connect(job.projectPath, true);
  try {
    const { doc, version } = resolveModel(db, job.model);
    const predictor = loadPredictor(doc, doc.model.type === 'mlp' ? { tf: (await loadTf()).tf } : {});
    const ds = requireReadyDataset(db, job.datasetId);
    const names = datasetColumns(db, ds.id).map((c) => c.name);
    // Position of each input column in the dataset's rows (after the rowid); a column the dataset lacks is missing.
    const positions = predictor.inputColumns.map((c) => names.indexOf(c.name) + 1);
    const width = doc.task === 'regression' ? 1 : doc.classes!.length;
    const outputs: (number | null)[] = [];
    const failed: { row: number; error: string }[] = [];
    const title = `Scoring rows ${job.start + 1}–${job.end} with ${version.name} v${version.version}`;
    let row = 0;
    for (const page of datasetRowPages(db, ds, pageRows)) {
      ctx.checkCancelled();
      const from = Math.max(job.start - row, 0);
      const to = Math.min(job.end - row, page.length);
      if (from < to) {
        const records = page.slice(from, to).map((r) => Object.fromEntries(predictor.inputColumns.map((c, j) => [c.name, positions[j] === 0 ? null : r[positions[j]!]])));
        scorePage(predictor, records, row + from, width, outputs, failed);
        ctx.progress({ kind: 'score', value: (row + to - job.start) / Math.max(job.end - job.start, 1), title, detail: `${row + to - job.start} of ${job.end - job.start} rows` });
      }
      row += page.length;
      if (row >= job.end) break;
    }
    return { start: job.start, end: Math.min(job.end, row), outputs, width, failed };
  } finally {
    db.close();
  }
}

/** Scores a page at once; when one of its rows cannot be read, row by row, so the others still get their score. */
function scorePage(predictor: Predictor, records: readonly Record<string, unknown>[], first: number, width: number, outputs: (number | null)[], failed: { row: number; error: string }[]): void {
  const score = (rs: readonly Record<string, unknown>[]): Float64Array => predictor.predictFrame(frameFromRecords(rs, predictor.inputColumns));
  try {
    outputs.push(...score(records));
    return;
  } catch {
    // Found row by row below.
  }
  records.forEach((record, i) => {
    try {
      outputs.push(...score([record]));
    } catch (err) {
      failed.push({ row: first + i, error: err instanceof Error ? err.message : String(err) });
      // null, not NaN: the result travels as JSON (IPC, a cluster's result file).
      for (let k = 0; k < width; k++) outputs.push(null);
    }
  });
}
