import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelVersion, RegisteredModel, Stage } from '../../preload/contract/registry';
import type { Host } from '../host/host';
import { resolveVersion } from '../../native-workers/project/registry';
import { cliHost, UsageError } from './common';

export const registryUsage = `  assay register FILE.assay RUN_ID --name NAME [--phase 1|2] [--json]
      registers a finished run's model as the next version of NAME; prints {name, version, stage, kind}.
      RUN_ID is a tabular run (assay train) or an image run (assay train-images): run ids are unique
      across both; --phase picks an image run's phase (default its last, the fine-tuned one if any)
  assay models FILE.assay [--json]
      registered models with their versions, stages and main metrics
  assay promote FILE.assay NAME@VERSION --stage staging|production|none [--json]
      moves a version to a stage (the version that held it goes back to none)
  assay rollback FILE.assay NAME [--json]
      puts the version that was in production before the current one back in production`;

const stages: readonly Stage[] = ['none', 'staging', 'production'];
/** The metrics a one-line summary shows, first present wins. */
const headline = ['roc_auc', 'accuracy', 'rmse', 'r2'];

function brief(v: ModelVersion): { name: string; version: number; stage: Stage; kind: string } {
  return { name: v.name, version: v.version, stage: v.stage, kind: v.kind ?? 'tabular' };
}

function versionLine(v: ModelVersion): string {
  const metric = headline.find((m) => v.metrics[m] !== undefined);
  const m = metric ? v.metrics[metric] : undefined;
  // An image version has no cross-validation: its headline is the test split's accuracy and macro F1.
  const test = v.kind === 'image' && v.test ? `test accuracy ${(v.test['accuracy'] ?? NaN).toFixed(4)}, macro_f1 ${(v.test['macro_f1'] ?? NaN).toFixed(4)}` : '';
  const score = metric && m ? `${metric} ${m.mean.toFixed(4)} ± ${m.std.toFixed(4)}` : test;
  return `  v${String(v.version).padEnd(3)} ${v.stage.padEnd(10)} run ${String(v.runId).padEnd(4)} ${v.model.padEnd(6)} ${score}`.trimEnd();
}

/** Opens the project in a host and runs `body` against its dispatcher, so read-only refusals are the app's own. */
async function withProject<T>(file: string, readOnly: boolean, body: (host: Host) => Promise<T>): Promise<T> {
  const host = cliHost();
  try {
    host.openProject(path.resolve(file), readOnly);
    return await body(host);
  } finally {
    await host.close();
  }
}

function print(json: boolean, data: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${text}\n`);
}

export async function cmdRegister(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' }, phase: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('assay register takes FILE.assay and RUN_ID');
  if (!values.name) throw new UsageError('assay register needs --name NAME');
  if (values.phase !== undefined && values.phase !== '1' && values.phase !== '2') throw new UsageError(`--phase must be 1 or 2, not ${values.phase}`);
  const phase = values.phase === undefined ? undefined : values.phase === '1' ? 1 : 2;
  const runId = Number(positionals[1]);
  if (!Number.isInteger(runId) || runId <= 0) throw new UsageError(`RUN_ID must be a run number, not ${positionals[1]}`);
  const name = values.name;
  const v = await withProject(positionals[0]!, false, async (host) => (await host.dispatch('registry:register', { runId, name, ...(phase ? { phase } : {}) })) as ModelVersion);
  print(values.json === true, brief(v), `registered ${v.kind === 'image' ? `image run ${v.runId} (phase ${v.image?.phase})` : `run ${v.runId}`} as ${v.name} version ${v.version}`);
}

export async function cmdModels(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('assay models takes one FILE.assay');
  const models = await withProject(positionals[0]!, true, async (host) => (await host.dispatch('registry:list', null)) as RegisteredModel[]);
  const text = models.length === 0 ? 'no registered models' : models.map((m) => [m.name, ...m.versions.map(versionLine)].join('\n')).join('\n');
  print(values.json === true, models, text);
}

export async function cmdPromote(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { stage: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('assay promote takes FILE.assay and NAME@VERSION');
  const stage = values.stage as Stage | undefined;
  if (!stage || !stages.includes(stage)) throw new UsageError(`assay promote needs --stage ${stages.join('|')}${values.stage ? `, not ${values.stage}` : ''}`);
  const ref = positionals[1]!;
  if (!ref.includes('@')) throw new UsageError(`name the version: ${ref}@VERSION (or ${ref}@staging)`);
  const v = await withProject(positionals[0]!, false, async (host) => {
    const version = resolveVersion(host.currentProject!.db, ref);
    return (await host.dispatch('registry:stage', { name: version.name, version: version.version, stage })) as ModelVersion;
  });
  print(values.json === true, brief(v), `${v.name} version ${v.version} → ${v.stage}`);
}

export async function cmdRollback(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('assay rollback takes FILE.assay and NAME');
  const name = positionals[1]!;
  const v = await withProject(positionals[0]!, false, async (host) => (await host.dispatch('registry:rollback', { name })) as ModelVersion);
  print(values.json === true, brief(v), `${v.name} version ${v.version} is back in production`);
}
