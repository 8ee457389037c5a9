import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError, reviveError } from '../../preload/contract/errors';
import { parseRecsHoldout, recsMetricsJson, recsModelKinds, resolveRecsTrainSpec, type RecsModelKind, type RecsRunSummary, type RecsTrainSpec } from '../../preload/contract/recs';
import type { DatasetSummary } from '../../preload/contract/types';
import type { Host } from '../host/host';
import { listDatasets } from '../../native-workers/project/datasets';
import { insertRun } from '../../native-workers/project/runs';
import { cliHost, positiveNumber, progressPrinter, UsageError } from './common';

export const trainRecsUsage = `  assay train-recs FILE.assay --dataset NAME --user COL --item COL [--weight COL] [--time COL]
              [--feedback implicit|explicit] [--items DATASET --item-key COL]
              [--model ${recsModelKinds.join('|')}] [--k 10] [--holdout last:N|random:F|none]
              [--param NAME=VALUE]… [--search NAME=V1,V2,…]… [--search-trials N] [--seed S] [--eval-users N] [--json]
      trains a recommender on user–item interactions: holds out each user's last N interactions
      (default last:1 with --time, else random:0.2), scores the model's top K against them
      (precision, recall, NDCG, MAP, hit rate, MRR @K, catalogue coverage, popularity bias),
      then trains the stored model on every interaction; content and hybrid need --items.
      --search trains every combination of the listed values on the holdout and keeps the best
      NDCG@K (printed with the trials under "search"); with --search-trials N, only N of them,
      drawn at random with the seed (a random search)`;

type Flags = { project: string; dataset: string; itemsDataset: string | undefined; spec: Omit<RecsTrainSpec, 'datasetId' | 'items'> & { itemKey?: string }; json: boolean };

/** The spec as the CLI reads it (datasets still by name). */
export function trainRecsFlags(args: string[]): Flags {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      user: { type: 'string' },
      item: { type: 'string' },
      weight: { type: 'string' },
      time: { type: 'string' },
      feedback: { type: 'string' },
      items: { type: 'string' },
      'item-key': { type: 'string' },
      model: { type: 'string' },
      k: { type: 'string' },
      holdout: { type: 'string' },
      param: { type: 'string', multiple: true },
      search: { type: 'string', multiple: true },
      'search-trials': { type: 'string' },
      seed: { type: 'string' },
      'eval-users': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('assay train-recs takes one FILE.assay');
  if (!values.dataset) throw new UsageError('assay train-recs needs --dataset NAME (the interactions)');
  if (!values.user || !values.item) throw new UsageError('assay train-recs needs --user COL and --item COL');
  if ((values.items === undefined) !== (values['item-key'] === undefined)) throw new UsageError('--items DATASET and --item-key COL go together: the metadata dataset and its column that names the item');
  const model = values.model ?? 'als';
  if (!(recsModelKinds as readonly string[]).includes(model)) throw new UsageError(`--model must be one of ${recsModelKinds.join(', ')}, not ${model}`);
  if (values.feedback !== undefined && values.feedback !== 'implicit' && values.feedback !== 'explicit') throw new UsageError(`--feedback must be implicit or explicit, not ${values.feedback}`);
  const params: Record<string, number> = {};
  for (const p of values.param ?? []) {
    const eq = p.indexOf('=');
    const value = Number(p.slice(eq + 1));
    if (eq <= 0 || p.slice(eq + 1).trim() === '' || !Number.isFinite(value)) throw new UsageError(`--param takes NAME=NUMBER, not ${p}`);
    params[p.slice(0, eq)] = value;
  }
  const search: Record<string, number[]> = {};
  for (const p of values.search ?? []) {
    const eq = p.indexOf('=');
    const list = p.slice(eq + 1).split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
    if (eq <= 0 || list.some((x) => !Number.isFinite(x))) throw new UsageError(`--search takes NAME=NUMBER,NUMBER,…, not ${p}`);
    search[p.slice(0, eq)] = list;
  }
  let holdout: RecsTrainSpec['holdout'];
  try {
    holdout = values.holdout === undefined ? undefined : parseRecsHoldout(values.holdout);
  } catch (err) {
    throw new UsageError(`--holdout: ${(err as Error).message}`);
  }
  const k = positiveNumber('--k', values.k);
  const seed = positiveNumber('--seed', values.seed);
  const evalUsers = positiveNumber('--eval-users', values['eval-users']);
  const searchTrials = positiveNumber('--search-trials', values['search-trials']);
  return {
    project: positionals[0]!,
    dataset: values.dataset,
    itemsDataset: values.items,
    json: values.json === true,
    spec: {
      userColumn: values.user,
      itemColumn: values.item,
      ...(values.weight !== undefined ? { weightColumn: values.weight } : {}),
      ...(values.time !== undefined ? { timeColumn: values.time } : {}),
      ...(values.feedback !== undefined ? { feedback: values.feedback } : {}),
      ...(values['item-key'] !== undefined ? { itemKey: values['item-key'] } : {}),
      model: model as RecsModelKind,
      ...(k !== undefined ? { k } : {}),
      ...(holdout ? { holdout } : {}),
      ...(Object.keys(params).length ? { params } : {}),
      ...(Object.keys(search).length ? { search } : {}),
      ...(searchTrials !== undefined ? { searchTrials } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(evalUsers !== undefined ? { evalUsers } : {}),
    },
  };
}

function findDataset(all: readonly DatasetSummary[], name: string): DatasetSummary {
  const ds = all.find((d) => d.name === name) ?? all.find((d) => String(d.id) === name);
  if (!ds) throw new AssayError('NOT_FOUND', `No dataset "${name}" in this project; it has: ${all.map((d) => `"${d.name}"`).join(', ') || 'none'}.`);
  return ds;
}

/** Runs the recs-train job for a spec (defaults filled, the run row written first) and waits for its summary. */
export async function trainRecs(host: Host, spec: RecsTrainSpec): Promise<RecsRunSummary> {
  const store = host.currentProject!;
  let resolved;
  try {
    resolved = resolveRecsTrainSpec(spec);
  } catch (err) {
    throw new AssayError('BAD_INPUT', (err as Error).message);
  }
  const runId = insertRun(store.db, 'recs-train', resolved);
  const job = host.jobs.submit({ kind: 'recs-train', spec: { projectPath: store.path, runId, spec: resolved } }, `Train ${resolved.model} recommender`, {}, runId);
  const print = progressPrinter();
  const unsubscribe = host.push.subscribe((channel, payload) => {
    if (channel === 'job:progress' && (payload as { jobId: string }).jobId === job.id) print(host.jobs.get(job.id));
  });
  const stop = (): void => host.jobs.cancel(job.id);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const done = await host.jobs.wait(job.id);
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (done.status === 'cancelled') throw new AssayError('CANCELLED', 'Training cancelled; no model was stored.');
    if (done.status !== 'succeeded') throw reviveError(done.error);
    return host.jobs.resultOf(job.id) as RecsRunSummary;
  } finally {
    unsubscribe();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** What `--json` prints. */
export function recsRunJson(s: RecsRunSummary): Record<string, unknown> {
  return {
    runId: s.runId,
    model: s.spec.model,
    dataset: s.datasetName,
    users: s.data.users,
    items: s.data.items,
    interactions: s.data.interactions,
    density: s.data.density,
    k: s.spec.k,
    holdout: s.spec.holdout,
    heldOutUsers: s.evaluation?.heldOutUsers ?? 0,
    evaluatedUsers: s.evaluation?.evaluatedUsers ?? 0,
    metrics: recsMetricsJson(s),
    params: s.spec.params,
    ...(s.search ? { search: s.search } : {}),
    seed: s.spec.seed,
    seconds: s.timings,
    warnings: s.warnings,
  };
}

export function recsRunText(s: RecsRunSummary): string {
  const d = s.data;
  const lines = [
    `run ${s.runId}: ${s.spec.model} on "${s.datasetName}": ${d.users.toLocaleString('en-US')} users × ${d.items.toLocaleString('en-US')} items, ${d.interactions.toLocaleString('en-US')} interactions (density ${d.density.toExponential(2)})`,
  ];
  if (s.evaluation) {
    const h = s.spec.holdout;
    lines.push(`  holdout ${h.kind === 'last' ? `last ${h.n}` : h.kind === 'random' ? `random ${h.fraction}` : 'none'}: ${s.evaluation.evaluatedUsers.toLocaleString('en-US')} users scored`);
    for (const [name, v] of Object.entries(recsMetricsJson(s))) lines.push(`  ${name.padEnd(18)} ${v.toFixed(4)}`);
  } else lines.push('  not evaluated (holdout none)');
  for (const w of s.warnings) lines.push(`  note: ${w}`);
  return `${lines.join('\n')}\n`;
}

export async function cmdTrainRecs(args: string[]): Promise<void> {
  const { project, dataset, itemsDataset, spec, json } = trainRecsFlags(args);
  const host = cliHost();
  try {
    host.openProject(path.resolve(project));
    const all = listDatasets(host.currentProject!.db);
    const { itemKey, ...rest } = spec;
    const items = itemsDataset !== undefined && itemKey !== undefined ? { datasetId: findDataset(all, itemsDataset).id, keyColumn: itemKey } : undefined;
    const summary = await trainRecs(host, { ...rest, datasetId: findDataset(all, dataset).id, ...(items ? { items } : {}) });
    process.stdout.write(json ? `${JSON.stringify(recsRunJson(summary))}\n` : recsRunText(summary));
  } finally {
    await host.close();
  }
}
