import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeSettings, SlurmExecutorConfig } from '../../../preload/contract/compute';
import type { ModelVersion } from '../../../preload/contract/registry';
import type { ImportResult } from '../../../preload/contract/types';
import { clusterPayload, mergeClusterResult } from '../../../native-workers/project/cluster';
import { countTableRows, tableRows } from '../../../native-workers/project/inspect';
import { resolveModel } from '../../../native-workers/project/registry';
import { loadPredictor } from '../../../native-workers/ml/tabular/predictor';
import { parseCsv } from '../../../native-workers/ml/tabular/trees/fixtures/datasets';
import { Host } from '../host';
import { distDir } from '../paths';
import { sharedData, tempDir } from '../testing';
import { slurmMissing, startTestSlurm, type TestSlurm } from '../jobs/executors/slurm-testing';
import { shardRanges } from '../jobs/shards';
import type { BatchScoreResult } from './batch-score';

const missing = slurmMissing();
const dir = tempDir('assay-batch-score-');
const churnCsv = path.join(sharedData, 'mlc_churn.csv');
let slurm: TestSlurm | undefined;
let n = 0;

beforeAll(async () => {
  if (!missing) slurm = await startTestSlurm({ nodes: 2 });
}, 60_000);
afterAll(() => slurm?.stop());

function lab(): SlurmExecutorConfig {
  return { kind: 'slurm', name: 'lab', sharedDir: path.join(dir, 'shared'), slurmConf: slurm!.conf };
}

/** A project with the churn data and a registered tree trained on it. */
async function churnModel(executors: ComputeSettings['executors']): Promise<Host> {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, `config${++n}`), clusterPollMs: 100 });
  host.executors.save({ executors, defaultExecutor: 'local' });
  host.newProject(path.join(dir, `p${n}.assay`));
  const job = host.startImport({ source: { kind: 'path', path: churnCsv }, name: 'churn' });
  expect((await host.jobs.wait(job.id)).status).toBe('succeeded');
  const datasetId = (host.jobs.resultOf(job.id) as ImportResult).datasetId;
  const { runId } = (await host.dispatch('train:start', { datasetId, target: 'churn', model: 'tree', params: { max_depth: 6 }, validation: { kind: 'stratified', k: 2 }, seed: 5 })) as { runId: number };
  expect((await host.train.wait(runId)).status).toBe('succeeded');
  expect(((await host.dispatch('registry:register', { runId, name: 'churner' })) as ModelVersion).version).toBe(1);
  return host;
}

describe('batch scoring in shards', () => {
  it('splits rows into about equal ranges that cover them once, never an empty one', () => {
    expect(shardRanges(10, 3)).toEqual([{ start: 0, end: 3 }, { start: 3, end: 6 }, { start: 6, end: 10 }]);
    expect(shardRanges(2, 5)).toEqual([{ start: 0, end: 1 }, { start: 1, end: 2 }]);
    expect(shardRanges(7, 1)).toEqual([{ start: 0, end: 7 }]);
  });

  it('scores every row locally as /predict does, the same in 1 shard or 4, in the dataset order', async () => {
    const host = await churnModel([]);
    try {
      const one = await host.scoring.score({ model: 'churner', dataset: 'churn' });
      const four = await host.scoring.score({ model: 'churner@1', dataset: 'churn', shards: 4 });
      expect(one.rows).toHaveLength(5000);
      expect(four.shards).toBe(4);
      expect(four.rows).toEqual(one.rows);
      expect(one.failed).toBe(0);
      // The serving path on the CSV's own rows (not the project's stored copy): the same labels and probabilities.
      const { header, rows } = parseCsv(fs.readFileSync(churnCsv, 'utf8'));
      const predictor = loadPredictor(resolveModel(host.currentProject!.db, 'churner').doc);
      const picks = [0, 1, 2, 1234, 4999];
      const records = picks.map((i) => Object.fromEntries(header.map((h, j) => [h, rows[i]![j]])));
      expect(picks.map((i) => one.rows[i])).toEqual(predictor.predictRecords(records));
      // Scoring writes nothing: no merge tokens, locally.
      expect(countTableRows(host.currentProject!.db, 'cluster_merges')).toBe(0);
      // Bad input says what was wrong.
      await expect(host.scoring.score({ model: 'nobody', dataset: 'churn' })).rejects.toThrow(/nobody/);
      await expect(host.scoring.score({ model: 'churner', dataset: 'nowhere' })).rejects.toThrow(/No dataset "nowhere" in this project; it has: "churn"/);
      await expect(host.scoring.score({ model: 'churner', dataset: 'churn', executor: 'elsewhere' })).rejects.toThrow(/No executor named "elsewhere"; known: local/);
    } finally {
      await host.close();
    }
  }, 240_000);

  describe.skipIf(missing !== null)(`on the test SLURM${missing ? ` (skipped: ${missing})` : ''}`, () => {
    it('fans the rows out as SLURM jobs, gets the local scores, and merges each shard once', async () => {
      const host = await churnModel([lab()]);
      try {
        const local = await host.scoring.score({ model: 'churner', dataset: 'churn' });
        const onSlurm: BatchScoreResult = await host.scoring.score({ model: 'churner', dataset: 'churn', shards: 3, executor: 'lab' });
        expect(onSlurm.executor).toBe('lab');
        expect(onSlurm.shards).toBe(3);
        expect(onSlurm.rows).toEqual(local.rows);
        // Each shard's result was taken under its job's token, once; the same result again merges nothing.
        const db = host.currentProject!.db;
        const tokens = tableRows(db, 'cluster_merges', { where: { job_kind: 'score-rows' } }).map((r) => r['token'] as string);
        expect(tokens).toHaveLength(3);
        const again = clusterPayload(db, { kind: 'score-rows', spec: { projectPath: '', model: 'churner', datasetId: 1, start: 0, end: 1 } }, { start: 0, end: 1, outputs: [0, 1], width: 2, failed: [] });
        expect(mergeClusterResult(db, tokens[0]!, 'lab', null, again)).toBe(false);
        expect(countTableRows(db, 'cluster_merges')).toBe(3);
        // The run's snapshot and job folders are gone.
        expect(fs.readdirSync(path.join(dir, 'shared', 'assay-runs'))).toEqual([]);
      } finally {
        await host.close();
      }
    }, 240_000);

    it('assay score --executor NAME --shards N writes the same CSV as a local scoring', async () => {
      const host = await churnModel([lab()]);
      const project = host.currentProject!.path;
      await host.close();
      const home = path.join(dir, 'cli-home');
      fs.mkdirSync(path.join(home, 'config'), { recursive: true });
      fs.writeFileSync(path.join(home, 'config', 'compute.json'), JSON.stringify({ executors: [lab()], defaultExecutor: 'local' }));
      const assay = (...args: string[]): { code: number | null; stdout: string; stderr: string } => {
        const res = spawnSync(process.execPath, [path.join(distDir(), 'cli', 'assay.js'), ...args], { encoding: 'utf8', env: { ...process.env, ASSAY_HOME: home }, timeout: 180_000 });
        return { code: res.status, stdout: res.stdout, stderr: res.stderr };
      };
      const base = ['score', project, '--model', 'churner@1', '--data', 'churn'];
      const local = assay(...base, '--out', path.join(dir, 'local.csv'));
      expect(local.stderr).toBe('');
      expect(local.code).toBe(0);
      const res = assay(...base, '--shards', '2', '--executor', 'lab', '--out', path.join(dir, 'slurm.csv'), '--json');
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ model: 'churner', version: 1, dataset: 'churn', rows: 5000, shards: 2, executor: 'lab', failed: 0 });
      const csv = fs.readFileSync(path.join(dir, 'slurm.csv'), 'utf8');
      expect(csv).toBe(fs.readFileSync(path.join(dir, 'local.csv'), 'utf8'));
      expect(csv.split('\n')[0]).toBe('row,label,p_no,p_yes,error');
      const unknown = assay(...base, '--executor', 'elsewhere');
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toMatch(/No executor named "elsewhere"; known: local, lab/);
    }, 240_000);
  });
});
