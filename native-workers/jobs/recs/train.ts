/**
 * A recommender training run (#17): reads the interactions (and item metadata), summarises
 * them, holds out part of each user's history, trains and evaluates on the rest, then trains
 * the stored model on everything, so what is served knows every interaction. Progress per
 * phase; a cancel is seen between chunks of every phase.
 */
import fs from 'node:fs';
import { AssayError } from '../../../preload/contract/errors';
import type { RecsRunSummary, RecsSearchTrial } from '../../../preload/contract/recs';
import type { Evaluation } from '../../ml/recs/evaluate';
import { searchGrid, searchRandom } from '../../ml/recs/search';
import { artifactParts, buildInteractions, evaluate, holdout, RecsInputError, summarize, trainModel, type TrainStep } from '../../ml/recs';
import { connect } from '../../project/open';
import { saveRecsRun } from '../../project/recs';
import type { RecsTrainJobSpec } from '../../protocol';
import { yieldToEvents, type JobContext } from '../../runtime/context';
import { loadInteractions, loadItemMetadata } from './data';
import { oneThread, type AlsRowSolver } from '../../ml/recs/als';
import { alsThreadCount, alsThreadFile, AlsThreads } from '../../runtime/als-threads';

/** ALS on two cores where there are two and the bundled thread entry is beside this bundle (dist/workers). */
function alsSolverFor(model: string): AlsRowSolver & { close?: () => Promise<void> } {
  if ((model !== 'als' && model !== 'hybrid') || alsThreadCount() === 0) return oneThread;
  const file = alsThreadFile(__dirname);
  return fs.existsSync(file) ? new AlsThreads(file) : oneThread;
}

/** ml/recs refuses bad data and parameters with RecsInputError: the user's to fix, so BAD_INPUT with its message. */
async function asInput<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RecsInputError) throw new AssayError('BAD_INPUT', err.message);
    throw err;
  }
}

export async function runRecsTrain(job: RecsTrainJobSpec, ctx: JobContext): Promise<RecsRunSummary> {
  const spec = job.spec;
  const phase = (from: number, to: number, title: string): TrainStep => async (done, total, detail) => {
    ctx.progress({ kind: 'recs-train', value: from + ((to - from) * done) / Math.max(1, total), title, detail });
    await yieldToEvents();
    ctx.checkCancelled();
  };
  const seconds = (t: number): number => (performance.now() - t) / 1000;
  const db = connect(job.projectPath, false);
  const alsSolver = alsSolverFor(spec.model);
  try {
    let t = performance.now();
    await phase(0, 0.05, 'Reading interactions')(0, 1, spec.userColumn);
    const { name, columns } = loadInteractions(db, spec);
    const metadata = spec.items && (spec.model === 'content' || spec.model === 'hybrid') ? loadItemMetadata(db, spec.items) : null;
    const extraItems = metadata ? metadata.keys.filter((k) => k !== null).map((k) => String(k).trim()) : undefined;
    const matrix = await asInput(() => buildInteractions(columns, { feedback: spec.feedback, ...(extraItems ? { extraItems } : {}) }));
    const data = summarize(matrix);
    const warnings = matrix.rejected.map((r) => `${r.count} row(s) left out: ${r.reason} (e.g. ${r.examples.join(', ')})`);
    for (const w of warnings) ctx.log('warn', w);
    const load = seconds(t);

    let evaluation: RecsRunSummary['evaluation'] = null;
    let train = 0;
    let evaluateSeconds = 0;
    let best = spec.params;
    let search: RecsRunSummary['search'];
    if (spec.holdout.kind !== 'none') {
      const split = await asInput(() => holdout(matrix, spec.holdout as Exclude<typeof spec.holdout, { kind: 'none' }>, spec.seed));
      t = performance.now();
      const { search: grid, searchTrials } = spec;
      const combos = grid
        ? await asInput(() => (searchTrials !== undefined ? searchRandom(spec.model, spec.params, grid, searchTrials, spec.seed) : searchGrid(spec.model, spec.params, grid)))
        : [spec.params];
      const trials: RecsSearchTrial[] = [];
      let e: Evaluation | null = null;
      for (let c = 0; c < combos.length; c++) {
        // Each combination gets its share of the 5–55 % band: training, then evaluating.
        const lo = 0.05 + (0.5 * c) / combos.length;
        const span = 0.5 / combos.length;
        const label = combos.length > 1 ? ` (${c + 1} of ${combos.length}: ${Object.entries(spec.search!).map(([k]) => `${k}=${combos[c]![k]}`).join(', ')})` : '';
        t = performance.now();
        const model = await asInput(() => trainModel(spec.model, split.train, combos[c]!, spec.seed, metadata, phase(lo, lo + 0.8 * span, `Training ${spec.model} on the holdout's training part${label}`), alsSolver));
        train += seconds(t);
        const t2 = performance.now();
        const got = await evaluate(model, split, { k: spec.k, maxUsers: spec.evalUsers, seed: spec.seed }, phase(lo + 0.8 * span, lo + span, `Evaluating @${spec.k}${label}`));
        evaluateSeconds += seconds(t2);
        trials.push({ params: combos[c]!, ndcg: got.metrics.ndcg, recall: got.metrics.recall, seconds: seconds(t) });
        if (!e || got.metrics.ndcg > e.metrics.ndcg) {
          e = got;
          best = combos[c]!;
        }
      }
      if (spec.search) search = { trials, best };
      if (!e) throw new AssayError('INTERNAL', 'No combination was evaluated.');
      evaluation = { heldOutUsers: split.users, evaluatedUsers: e.users, k: e.k, metrics: e.metrics, curve: e.curve };
      if (e.users < split.users) warnings.push(`Metrics from a seeded sample of ${e.users} of the ${split.users} held-out users (evalUsers).`);
    }
    t = performance.now();
    const from = evaluation ? 0.55 : 0.05;
    const model = await asInput(() => trainModel(spec.model, matrix, best, spec.seed, metadata, phase(from, 0.97, `Training ${spec.model} on all interactions`), alsSolver));
    const refit = seconds(t);
    const summary: RecsRunSummary = {
      runId: job.runId,
      datasetName: name,
      spec,
      data: { ...data, rejected: matrix.rejected },
      evaluation,
      ...(search ? { search } : {}),
      timings: { load, train, evaluate: evaluateSeconds, refit },
      warnings,
    };
    ctx.checkCancelled();
    ctx.progress({ kind: 'recs-train', value: 0.98, title: 'Storing the model', detail: '' }, true);
    const { byUser } = matrix;
    saveRecsRun(db, summary, artifactParts({ model, userIds: matrix.userIds, history: { indptr: byUser.indptr, indices: byUser.indices, data: byUser.data }, feedback: spec.feedback }));
    return summary;
  } finally {
    db.close();
    await alsSolver.close?.();
  }
}
