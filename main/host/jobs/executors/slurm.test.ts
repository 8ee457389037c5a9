import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeSettings, SlurmExecutorConfig } from '../../../../preload/contract/compute';
import type { TrainRunSummary, TrainSpec } from '../../../../preload/contract/train';
import type { ImportResult, Progress } from '../../../../preload/contract/types';
import { countTableRows } from '../../../../native-workers/project/inspect';
import { Host } from '../../host';
import { sharedData, tempDir } from '../../testing';
import { slurmMissing, startTestSlurm, type TestSlurm } from './slurm-testing';

const missing = slurmMissing();
const dir = tempDir('assay-slurm-test-');
let slurm: TestSlurm;
let n = 0;

beforeAll(async () => {
  if (!missing) slurm = await startTestSlurm();
}, 60_000);
afterAll(() => slurm?.stop());

function lab(extra: Partial<SlurmExecutorConfig> = {}): SlurmExecutorConfig {
  return { kind: 'slurm', name: 'lab', sharedDir: path.join(dir, 'shared'), slurmConf: slurm.conf, ...extra };
}

async function churnHost(executors: ComputeSettings['executors']): Promise<{ host: Host; datasetId: number }> {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, `config${++n}`), clusterPollMs: 100 });
  host.executors.save({ executors, defaultExecutor: 'local' });
  host.newProject(path.join(dir, `p${n}.assay`));
  const job = host.startImport({ source: { kind: 'path', path: path.join(sharedData, 'mlc_churn.csv') }, name: 'churn' });
  expect((await host.jobs.wait(job.id)).status).toBe('succeeded');
  return { host, datasetId: (host.jobs.resultOf(job.id) as ImportResult).datasetId };
}

async function train(host: Host, spec: TrainSpec): Promise<TrainRunSummary> {
  const { runId } = (await host.dispatch('train:start', spec)) as { runId: number };
  return host.train.wait(runId);
}

function slurmCommand(args: string[]): string {
  return execFileSync(args[0]!, args.slice(1), { env: { ...process.env, SLURM_CONF: slurm.conf }, encoding: 'utf8' });
}

describe.skipIf(missing !== null)(`SLURM executor on a real SLURM started by the test${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('runs the folds and the search trials as SLURM jobs and gets the metrics of the same run done locally', async () => {
    const { host, datasetId } = await churnHost([lab()]);
    try {
      const titles = new Set<string>();
      host.push.subscribe((channel, payload) => {
        if (channel === 'job:progress') titles.add((payload as { progress: Progress }).progress.title);
      });
      const spec: TrainSpec = {
        datasetId,
        target: 'churn',
        model: 'tree',
        validation: { kind: 'stratified', k: 3 },
        search: { kind: 'random', space: { max_depth: [2, 3, 4, 6, 8], min_samples_leaf: [1, 5, 20] }, iterations: 3, innerK: 2 },
        seed: 7,
      };
      const local = await train(host, spec);
      const onSlurm = await train(host, { ...spec, executor: 'lab' });
      expect(local.error).toBeNull();
      expect(onSlurm.error).toBeNull();
      expect(onSlurm.status).toBe('succeeded');
      // Same seed, same candidates, same scores: the same parameters per fold and the same numbers.
      expect(onSlurm.folds.map((f) => f.params)).toEqual(local.folds.map((f) => f.params));
      expect(onSlurm.metrics).toEqual(local.metrics);
      expect(onSlurm.test).toEqual(local.test);
      expect(onSlurm.threshold).toBe(local.threshold);
      // 3 folds × 3 trials + 3 folds went through SLURM, each merged once; the local run merged nothing.
      const db = host.currentProject!.db;
      expect(countTableRows(db, 'cluster_merges', { run_id: onSlurm.runId })).toBe(12);
      expect(countTableRows(db, 'cluster_merges', { run_id: local.runId })).toBe(0);
      // Progress came back from the nodes as from local workers.
      expect(titles).toContain('Queued on SLURM');
      expect([...titles].some((t) => /^Trial \d\/3, fold \d$/.test(t))).toBe(true);
      // The snapshot and job folders are gone once the run is done.
      expect(fs.readdirSync(path.join(dir, 'shared', 'assay-runs'))).toEqual([]);
      // A run computed on the cluster replays locally to identical metrics.
      const replay = (await host.dispatch('train:replay', { runId: onSlurm.runId })) as { identical: boolean };
      expect(replay.identical).toBe(true);
    } finally {
      await host.close();
    }
  }, 240_000);
});
