import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeClassFolder } from '../../../native-workers/images/test-images';
import type { ComputeSettings } from '../../../preload/contract/compute';
import type { ImageRunSummary, ImageSetSummary } from '../../../preload/contract/images';
import { mergeClusterResult } from '../../../native-workers/project/cluster';
import { countTableRows, tableRows } from '../../../native-workers/project/inspect';
import { connect } from '../../../native-workers/project/open';
import { Host } from '../host';
import { distDir } from '../paths';
import { slurmMissing, startTestSlurm, type TestSlurm } from '../jobs/executors/slurm-testing';
import { tempDir } from '../testing';

// Embedding extraction over shards of an image set, locally and as SLURM jobs on a real SLURM the test starts.
const missing = slurmMissing();
const dir = tempDir('assay-embed-shards-');
const folder = path.join(dir, 'set');
let slurm: TestSlurm | undefined;
let n = 0;

beforeAll(async () => {
  await writeClassFolder(folder, ['a', 'b', 'c'], 6, 40, { mixed: true });
  if (!missing) slurm = await startTestSlurm({ nodes: 2 });
}, 60_000);
afterAll(() => slurm?.stop());

async function withSet(executors: ComputeSettings['executors']): Promise<{ host: Host; set: ImageSetSummary }> {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, `config${++n}`), clusterPollMs: 100 });
  host.executors.save({ executors, defaultExecutor: 'local' });
  host.newProject(path.join(dir, `p${n}.assay`));
  const { jobId, done } = host.images.startImport({ source: { kind: 'folder', path: folder } });
  expect((await done).status).toBe('succeeded');
  return { host, set: host.jobs.resultOf(jobId) as ImageSetSummary };
}

/** The cache's rows, vectors as hex, in a stable order. */
function cached(host: Host): { backbone: string; sha256: string; vector: string }[] {
  return tableRows(host.currentProject!.db, 'image_embeddings', { orderBy: 'sha256' })
    .map((r) => ({ backbone: r['backbone_id'] as string, sha256: r['sha256'] as string, vector: (r['vector'] as Buffer).toString('hex') }))
    .sort((a, b) => a.sha256.localeCompare(b.sha256));
}

describe('embedding extraction over shards of an image set', () => {
  it('fills the cache in 3 shards with the vectors of 1 shard, and a training run then embeds nothing', async () => {
    const one = await withSet([]);
    const three = await withSet([]);
    try {
      const a = await one.host.embedding.embed({ set: one.set.name, inputSize: 96 });
      const b = await three.host.embedding.embed({ set: String(three.set.id), inputSize: 96, shards: 3 });
      expect(a).toMatchObject({ images: 18, computed: 18, cached: 0, shards: 1, executor: 'local' });
      expect(b).toMatchObject({ images: 18, computed: 18, cached: 0, shards: 3 });
      expect(cached(three.host)).toEqual(cached(one.host));
      expect(cached(one.host)).toHaveLength(18);
      // The cache is what a training run reads: with the same backbone and size it computes none.
      const logs: string[] = [];
      three.host.push.subscribe((channel, payload) => {
        if (channel === 'job:log') logs.push((payload as { line: { message: string } }).line.message);
      });
      const { runId } = (await three.host.dispatch('images:train', { imageSetId: three.set.id, inputSize: 96, seed: 2 })) as { runId: number };
      expect(((await three.host.images.wait(runId)) as ImageRunSummary).status).toBe('succeeded');
      expect(logs.some((l) => /embeddings: 18 cached, 0 computed/.test(l))).toBe(true);
      // Again: all cached, nothing embedded.
      expect(await three.host.embedding.embed({ set: three.set.name, inputSize: 96, shards: 2 })).toMatchObject({ cached: 18, computed: 0 });
      await expect(three.host.embedding.embed({ set: 'nowhere' })).rejects.toThrow(/No image set "nowhere" in this project; it has: "set"/);
      await expect(three.host.embedding.embed({ set: three.set.name, shards: 0 })).rejects.toThrow(/whole number ≥ 1, not 0/);
    } finally {
      await one.host.close();
      await three.host.close();
    }
  }, 240_000);

  describe.skipIf(missing !== null)(`on the test SLURM${missing ? ` (skipped: ${missing})` : ''}`, () => {
    it('runs each shard as a SLURM job, merges its vectors once, to the local cache byte for byte', async () => {
      const local = await withSet([]);
      const remote = await withSet([{ kind: 'slurm', name: 'lab', sharedDir: path.join(dir, 'shared'), slurmConf: slurm!.conf }]);
      try {
        await local.host.embedding.embed({ set: local.set.name, inputSize: 96 });
        const s = await remote.host.embedding.embed({ set: remote.set.name, inputSize: 96, shards: 3, executor: 'lab' });
        expect(s).toMatchObject({ images: 18, computed: 18, shards: 3, executor: 'lab' });
        expect(cached(remote.host)).toEqual(cached(local.host));
        const db = remote.host.currentProject!.db;
        const tokens = tableRows(db, 'cluster_merges', { where: { job_kind: 'images-embed' } }).map((r) => r['token'] as string);
        expect(tokens).toHaveLength(3);
        // The same shard's result again (a requeued job's second arrival), even with other numbers: nothing merged.
        const before = cached(remote.host);
        const zero = Buffer.alloc(before[0]!.vector.length / 2).toString('base64');
        const again = { kind: 'images-embed' as const, result: { backboneId: before[0]!.backbone, start: 0, end: 1, cached: 0, computed: 1, seconds: 0 }, vectors: [{ sha256: before[0]!.sha256, vector: zero }] };
        expect(mergeClusterResult(db, tokens[0]!, 'lab', null, again)).toBe(false);
        expect(cached(remote.host)).toEqual(before);
        expect(countTableRows(db, 'cluster_merges')).toBe(3);
        expect(fs.readdirSync(path.join(dir, 'shared', 'assay-runs'))).toEqual([]);
      } finally {
        await local.host.close();
        await remote.host.close();
      }
    }, 240_000);

    it('assay train-images --embed-shards N --executor NAME embeds in N SLURM jobs, then trains as one, on the cached features', () => {
      const home = path.join(dir, 'cli-home');
      fs.mkdirSync(path.join(home, 'config'), { recursive: true });
      fs.writeFileSync(path.join(home, 'config', 'compute.json'), JSON.stringify({ executors: [{ kind: 'slurm', name: 'lab', sharedDir: path.join(dir, 'shared'), slurmConf: slurm!.conf }], defaultExecutor: 'local' }));
      const project = path.join(dir, 'cli.assay');
      const res = spawnSync(process.execPath, [path.join(distDir(), 'cli', 'assay.js'), 'train-images', project, '--folder', folder, '--input-size', '96', '--seed', '3', '--embed-shards', '3', '--executor', 'lab'], {
        encoding: 'utf8',
        env: { ...process.env, ASSAY_HOME: home },
        timeout: 180_000,
      });
      expect(res.stderr).toMatch(/note: 18 images embedded in 3 shard\(s\) on lab, 0 cached already/);
      expect(res.status).toBe(0);
      const db = connect(project, true);
      try {
        expect(tableRows(db, 'cluster_merges', { orderBy: 'job_kind' }).map((r) => r['job_kind'])).toEqual(['images-embed', 'images-embed', 'images-embed', 'images-train']);
        expect(countTableRows(db, 'image_embeddings')).toBe(18);
      } finally {
        db.close();
      }
    }, 240_000);
  });
});
