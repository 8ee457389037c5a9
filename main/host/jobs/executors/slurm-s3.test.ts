import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlurmExecutorConfig } from '../../../../preload/contract/compute';
import type { TrainRunSummary, TrainSpec } from '../../../../preload/contract/train';
import type { ImportResult } from '../../../../preload/contract/types';
import { countTableRows } from '../../../../native-workers/project/inspect';
import { Host } from '../../host';
import { freePort, startS3rver, type LocalServer } from '../../export/local-servers';
import { sharedData, tempDir, waitFor } from '../../testing';
import { slurmMissing, startTestSlurm, type TestSlurm } from './slurm-testing';

// S3 as job storage, for real: a local S3 API (s3rver) and the test SLURM (one node on this machine's
// network, so it reaches s3rver on 127.0.0.1). The nodes get s3:// locations, never the run's folder.
const missing = slurmMissing();
const dir = tempDir('assay-slurm-s3-');
const bucket = 'assay-jobs';
let slurm: TestSlurm | undefined;
let s3: LocalServer | undefined;
const saved = { ...process.env };

beforeAll(async () => {
  if (missing) return;
  s3 = await startS3rver(path.join(dir, 's3'), [bucket]);
  // The host's client and, through sbatch's exported environment, the nodes' read the credentials from here.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: s3.env['AWS_ACCESS_KEY_ID'], AWS_SECRET_ACCESS_KEY: s3.env['AWS_SECRET_ACCESS_KEY'], AWS_REGION: 'us-east-1' });
  slurm = await startTestSlurm();
}, 60_000);
afterAll(async () => {
  slurm?.stop();
  await s3?.stop();
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']) if (saved[k] === undefined) delete process.env[k];
});

function onS3(extra: Partial<SlurmExecutorConfig> = {}): SlurmExecutorConfig {
  return { kind: 'slurm', name: 'lab-s3', sharedDir: path.join(dir, 'shared'), slurmConf: slurm!.conf, storage: `s3://${bucket}/team/runs`, storageEndpoint: s3!.env['AWS_ENDPOINT_URL']!, ...extra };
}

/** Every object key s3rver holds under the bucket (it keeps each object as files named after its key). */
function objectKeys(): string[] {
  const root = path.join(dir, 's3', bucket);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('._S3rver_object')).map((f) => f.replace(/\._S3rver_object$/, ''));
}

async function train(host: Host, spec: TrainSpec): Promise<TrainRunSummary> {
  const { runId } = (await host.dispatch('train:start', spec)) as { runId: number };
  return host.train.wait(runId);
}

describe.skipIf(missing !== null)(`S3 job storage with SLURM${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('runs folds and trials with their inputs and results on S3, to the local metrics, merged once, and leaves nothing there', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config'), clusterPollMs: 100 });
    try {
      const deadPort = await freePort();
      host.executors.save({ executors: [onS3(), onS3({ name: 'no-s3', storageEndpoint: `http://127.0.0.1:${deadPort}` })], defaultExecutor: 'local' });
      host.newProject(path.join(dir, 'p.assay'));
      const job = host.startImport({ source: { kind: 'path', path: path.join(sharedData, 'mlc_churn.csv') }, name: 'churn' });
      expect((await host.jobs.wait(job.id)).status).toBe('succeeded');
      const datasetId = (host.jobs.resultOf(job.id) as ImportResult).datasetId;
      const plain: TrainSpec = { datasetId, target: 'churn', model: 'tree', validation: { kind: 'stratified', k: 2 }, seed: 4 };
      const spec: TrainSpec = { ...plain, search: { kind: 'random', space: { max_depth: [2, 4, 6] }, iterations: 2, innerK: 2 } };
      // What the S3 side holds while the run is out: the snapshot, the columns, each job's files.
      const seen = new Set<string>();
      const watch = setInterval(() => objectKeys().forEach((k) => seen.add(k.replace(/[0-9a-f-]{36}/g, 'ID'))), 50);
      const logs: string[] = [];
      host.push.subscribe((channel, payload) => {
        if (channel === 'job:log') logs.push((payload as { line: { message: string } }).line.message);
      });
      const local = await train(host, spec);
      const remote = await train(host, { ...spec, executor: 'lab-s3' });
      clearInterval(watch);
      expect(remote.error).toBeNull();
      expect(remote.metrics).toEqual(local.metrics);
      expect(remote.test).toEqual(local.test);
      expect(remote.folds.map((f) => f.params)).toEqual(local.folds.map((f) => f.params));
      // 2 folds × 2 trials + 2 folds, each merged once.
      expect(countTableRows(host.currentProject!.db, 'cluster_merges', { run_id: remote.runId }), logs.join('\n')).toBe(6);
      for (const k of ['team/runs/assay-runs/ID/project.assay', 'team/runs/assay-runs/ID/columns.arrow', 'team/runs/assay-runs/ID/jobs/ID/job.json', 'team/runs/assay-runs/ID/jobs/ID/messages.ndjson', 'team/runs/assay-runs/ID/jobs/ID/result.json']) {
        expect([...seen].map((s) => s.split(path.sep).join('/'))).toContain(k);
      }
      // The run's objects are removed once it is done (asynchronously).
      await waitFor(() => objectKeys().length === 0, { what: "the run's objects removed from the bucket", timeoutMs: 10_000, everyMs: 100 });
      // Storage nobody can reach: the fold fails naming the job, the location and what to check; nothing merged.
      const down = await train(host, { ...plain, executor: 'no-s3' });
      expect(down.status).toBe('failed');
      expect(down.error).toMatch(/^SLURM "no-s3" could not put the run's inputs on its storage: Uploading s3:\/\/assay-jobs\/team\/runs\/assay-runs\/[0-9a-f-]+\/(columns\.arrow|project\.assay): Cannot reach the S3 endpoint \(ECONNREFUSED\); check the network or AWS_ENDPOINT_URL\.$/);
      expect(countTableRows(host.currentProject!.db, 'cluster_merges', { run_id: down.runId })).toBe(0);
    } finally {
      await host.close();
    }
  }, 240_000);

  it('refuses a storage that is not an S3 location when the settings are saved', () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config-bad') });
    expect(() => host.executors.save({ executors: [onS3({ storage: 'https://bucket/prefix' })], defaultExecutor: 'local' })).toThrow(/storage must be an S3 location such as s3:\/\/bucket\/prefix, not "https:\/\/bucket\/prefix"/);
    void host.close();
  });
});
