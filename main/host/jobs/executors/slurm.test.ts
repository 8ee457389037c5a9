import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeSettings, SlurmExecutorConfig } from '../../../../preload/contract/compute';
import type { TrainRunSummary, TrainSpec } from '../../../../preload/contract/train';
import type { ImportResult, Progress } from '../../../../preload/contract/types';
import { clusterPayload, mergeClusterResult } from '../../../../native-workers/project/cluster';
import { countTableRows, tableRows } from '../../../../native-workers/project/inspect';
import { readFold } from '../../../../native-workers/project/train';
import { Host } from '../../host';
import { distDir } from '../../paths';
import { sharedData, tempDir, waitFor } from '../../testing';
import { secondNode, slurmMissing, startTestSlurm, type TestSlurm } from './slurm-testing';

const missing = slurmMissing();
const dir = tempDir('assay-slurm-test-');
let slurm: TestSlurm;
let n = 0;

beforeAll(async () => {
  // One controller and two node daemons, the second in a network namespace of its own.
  if (!missing) slurm = await startTestSlurm({ nodes: 2 });
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
  it('runs the folds and the search trials as SLURM jobs, gets the metrics of the same run done locally, merges each result once', async () => {
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
      // A result that arrives again under a merged token changes nothing; only a new token merges.
      const tokens = tableRows(db, 'cluster_merges', { where: { run_id: onSlurm.runId, job_kind: 'train-fold' } }).map((r) => r['token'] as string);
      expect(tokens).toHaveLength(3);
      const fold0 = readFold(db, onSlurm.runId, 0);
      const again = clusterPayload(db, { kind: 'train-fold', spec: { projectPath: '', runId: onSlurm.runId, fold: 0 } }, { ...fold0.summary, seconds: 999 });
      expect(mergeClusterResult(db, tokens[0]!, 'lab', onSlurm.runId, again)).toBe(false);
      expect(readFold(db, onSlurm.runId, 0).summary).toEqual(fold0.summary);
      expect(countTableRows(db, 'cluster_merges', { run_id: onSlurm.runId })).toBe(12);
      // Both nodes ran some of them.
      const nodes = new Set(slurmCommand(['squeue', '--noheader', '--states=all', '--format=%N']).split('\n').filter(Boolean));
      expect([...nodes].sort()).toEqual([os.hostname().split('.')[0]!, secondNode].sort());
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

  it('says which job could not be submitted when sbatch is missing or the controller is down', async () => {
    // A controller nobody listens on: the same cluster's config with another port.
    const deadConf = path.join(dir, 'dead.conf');
    fs.writeFileSync(deadConf, fs.readFileSync(slurm.conf, 'utf8').replace(/^SlurmctldPort=\d+$/m, 'SlurmctldPort=9'));
    const { host, datasetId } = await churnHost([lab({ name: 'nobin', binDir: path.join(dir, 'no-such-bin') }), lab({ name: 'down', slurmConf: deadConf })]);
    try {
      const spec: TrainSpec = { datasetId, target: 'churn', model: 'tree', validation: { kind: 'stratified', k: 2 } };
      const nobin = await train(host, { ...spec, executor: 'nobin' });
      expect(nobin.status).toBe('failed');
      expect(nobin.error).toMatch(/Could not submit train-fold fold \d of run \d+ to SLURM "nobin": .*no-such-bin\/sbatch was not found: install SLURM's client commands/);
      const down = await train(host, { ...spec, executor: 'down' });
      expect(down.status).toBe('failed');
      expect(down.error).toMatch(/Could not submit train-fold fold \d of run \d+ to SLURM "down": sbatch failed: .*is the SLURM controller up/);
      expect(down.folds.filter((f) => f.fold >= 0).every((f) => f.status === 'failed')).toBe(true);
      // An executor that is not configured is refused before a run exists.
      await expect(host.dispatch('train:start', { ...spec, executor: 'nowhere' })).rejects.toThrow(/No executor named "nowhere"; known: local, nobin, down/);
    } finally {
      await host.close();
    }
  }, 120_000);

  it('cancels a run on SLURM: its jobs are scancelled, the run ends cancelled, nothing is merged', async () => {
    const { host, datasetId } = await churnHost([lab()]);
    try {
      const before = new Set(slurmCommand(['squeue', '--noheader', '--states=all', '--format=%i']).split('\n').filter(Boolean));
      const { runId } = (await host.dispatch('train:start', { datasetId, target: 'churn', model: 'rf', params: { n_trees: 3000 }, validation: { kind: 'stratified', k: 2 }, executor: 'lab' })) as { runId: number };
      const ours = (): string[] => slurmCommand(['squeue', '--noheader', '--states=all', '--format=%i|%T']).split('\n').filter((l) => l && !before.has(l.split('|')[0]!));
      await waitFor(() => ours().filter((l) => l.endsWith('|RUNNING')).length === 2, { what: 'both fold jobs RUNNING in squeue', timeoutMs: 60_000, everyMs: 100 });
      await host.dispatch('train:cancel', { runId });
      const s = await host.train.wait(runId);
      expect(s.status).toBe('cancelled');
      // SLURM shows COMPLETING while the node cleans up, then CANCELLED.
      await waitFor(() => ours().every((l) => l.endsWith('|CANCELLED')), { what: 'both fold jobs CANCELLED in squeue', timeoutMs: 10_000, everyMs: 100 });
      expect(ours().map((l) => l.split('|')[1])).toEqual(['CANCELLED', 'CANCELLED']);
      expect(countTableRows(host.currentProject!.db, 'cluster_merges', { run_id: runId })).toBe(0);
    } finally {
      await host.close();
    }
  }, 120_000);

  it('assay train --executor NAME runs the folds on SLURM; an unknown name is refused naming the known ones', () => {
    const home = path.join(dir, 'cli-home');
    fs.mkdirSync(path.join(home, 'config'), { recursive: true });
    fs.writeFileSync(path.join(home, 'config', 'compute.json'), JSON.stringify({ executors: [lab()], defaultExecutor: 'local' }));
    const assay = (...args: string[]): { code: number | null; stdout: string; stderr: string } => {
      const res = spawnSync(process.execPath, [path.join(distDir(), 'cli', 'assay.js'), ...args], { encoding: 'utf8', env: { ...process.env, ASSAY_HOME: home }, timeout: 120_000 });
      return { code: res.status, stdout: res.stdout, stderr: res.stderr };
    };
    const project = path.join(dir, 'cli.assay');
    expect(assay('new', project).code).toBe(0);
    expect(assay('import', project, path.join(sharedData, 'mlc_churn.csv'), '--name', 'churn', '--json').code).toBe(0);
    const args = ['train', project, '--dataset', 'churn', '--target', 'churn', '--model', 'tree', '--cv', '2', '--seed', '3', '--json'];
    const unknown = assay(...args, '--executor', 'elsewhere');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/No executor named "elsewhere"; known: local, lab/);
    const res = assay(...args, '--executor', 'lab');
    expect(res.stderr).not.toMatch(/error/i);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { runId: number; status: string; folds: { fold: number; status: string }[] };
    expect(out.folds.filter((f) => f.fold >= 0).map((f) => f.status)).toEqual(['succeeded', 'succeeded']);
    // Replayed locally: the cluster's numbers again.
    const replay = assay('replay', project, String(out.runId), '--json');
    expect(replay.code).toBe(0);
    expect((JSON.parse(replay.stdout) as { identical: boolean }).identical).toBe(true);
  }, 180_000);
});
