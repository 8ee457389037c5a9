import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeClassFolder } from '../../../native-workers/images/test-images';
import type { ImagePrediction, ImageRunSummary, ImageSetSummary } from '../../../preload/contract/images';
import { countTableRows, tableRows } from '../../../native-workers/project/inspect';
import { Host } from '../host';
import { slurmMissing, startTestSlurm, type TestSlurm } from '../jobs/executors/slurm-testing';
import { distDir } from '../paths';
import { tempDir } from '../testing';

// Image training as one job on a real SLURM the test starts: the same run as here, merged once.
const missing = slurmMissing();
const dir = tempDir('assay-images-cluster-');
let slurm: TestSlurm;

beforeAll(async () => {
  if (!missing) slurm = await startTestSlurm();
}, 60_000);
afterAll(() => slurm?.stop());

describe.skipIf(missing !== null)(`image training on SLURM${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('trains an image set as a SLURM job to the numbers of the same run done here, merging its run and model once', async () => {
    const folder = path.join(dir, 'set');
    await writeClassFolder(folder, ['a', 'b', 'c'], 8, 48, { mixed: true });
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config'), clusterPollMs: 100 });
    try {
      host.executors.save({ executors: [{ kind: 'slurm', name: 'lab', sharedDir: path.join(dir, 'shared'), slurmConf: slurm.conf }], defaultExecutor: 'local' });
      host.newProject(path.join(dir, 'p.assay'));
      const { jobId, done } = host.images.startImport({ source: { kind: 'folder', path: folder } });
      expect((await done).status).toBe('succeeded');
      const set = host.jobs.resultOf(jobId) as ImageSetSummary;
      const spec = { imageSetId: set.id, inputSize: 96, epochs: 30, seed: 5 };
      const train = async (executor: string): Promise<ImageRunSummary> => {
        const { runId } = (await host.dispatch('images:train', { ...spec, executor })) as { runId: number };
        return host.images.wait(runId);
      };
      const local = await train('local');
      const onSlurm = await train('lab');
      expect(onSlurm.error).toBeNull();
      expect(onSlurm.status).toBe('succeeded');
      expect(onSlurm.backbone).toEqual(local.backbone);
      // Same seed, same images: the same phases, to the last number (the seconds aside).
      const numbers = (s: ImageRunSummary): unknown => s.phases.map(({ accuracy, confusion, perClass, topK }) => ({ accuracy, confusion, perClass, topK }));
      expect(numbers(onSlurm)).toEqual(numbers(local));
      const db = host.currentProject!.db;
      expect(tableRows(db, 'cluster_merges', { where: { run_id: onSlurm.runId } }).map((r) => r['job_kind'])).toEqual(['images-train']);
      expect(countTableRows(db, 'cluster_merges', { run_id: local.runId })).toBe(0);
      // The merged model predicts here as the local one does.
      const probe = [path.join(folder, 'a', '0.png'), path.join(folder, 'b', '1.png')];
      const predict = (runId: number): Promise<ImagePrediction[]> => host.dispatch('images:predict', { runId, phase: 1, paths: probe }) as Promise<ImagePrediction[]>;
      expect(await predict(onSlurm.runId)).toEqual(await predict(local.runId));
      // An executor nobody configured is refused before a run exists.
      await expect(host.dispatch('images:train', { ...spec, executor: 'nowhere' })).rejects.toThrow(/No executor named "nowhere"; known: local, lab/);
    } finally {
      await host.close();
    }
  }, 180_000);

  it('assay train-images --executor NAME refuses a name compute.json does not hold, naming the known ones', async () => {
    const home = path.join(dir, 'cli-home');
    fs.mkdirSync(path.join(home, 'config'), { recursive: true });
    fs.writeFileSync(path.join(home, 'config', 'compute.json'), JSON.stringify({ executors: [{ kind: 'slurm', name: 'lab', sharedDir: path.join(dir, 'shared'), slurmConf: slurm.conf }], defaultExecutor: 'local' }));
    const folder = path.join(dir, 'cli-set');
    await writeClassFolder(folder, ['a', 'b'], 4, 32);
    const res = spawnSync(process.execPath, [path.join(distDir(), 'cli', 'assay.js'), 'train-images', path.join(dir, 'cli.assay'), '--folder', folder, '--executor', 'elsewhere'], {
      encoding: 'utf8',
      env: { ...process.env, ASSAY_HOME: home },
      timeout: 60_000,
    });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/No executor named "elsewhere"; known: local, lab/);
  }, 60_000);
});
