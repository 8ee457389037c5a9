import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainSpec } from '../../../../preload/contract/train';
import { countTableRows } from '../../../../native-workers/project/inspect';
import { tempDir } from '../../testing';
import { slurmMissing, startTestSlurm, type TestSlurm } from './slurm-testing';
import { churnHost, slurmExecutor, slurmStates, train, until, wrapped, type ChurnHost } from './slurm-test-host';

// A node lost mid-job and the controller lost mid-run, on a real SLURM.
const missing = slurmMissing();
const dir = tempDir('assay-slurm-loss-');
let slurm: TestSlurm;
let ctx: ChurnHost;
const firstTry = path.join(dir, 'first-try');

beforeAll(async () => {
  if (missing) return;
  slurm = await startTestSlurm();
  ctx = await churnHost(
    dir,
    [
      // The first attempt waits (so the node can be lost under it); the retry runs straight away.
      slurmExecutor(slurm, dir, 'lossy', { nodeCommand: wrapped(`if mkdir ${firstTry} 2>/dev/null; then sleep 600 & wait $!; fi; exec "$@"`) }),
      // Each job waits 15 s first: still running when the executor first fails to reach a stopped controller
      // (squeue retries for MessageTimeout, 5 s), whatever the machine's load.
      slurmExecutor(slurm, dir, 'steady', { nodeCommand: wrapped('sleep 15; exec "$@"') }),
      // Each job waits 30 s first: longer than the executor waits for a lost controller.
      slurmExecutor(slurm, dir, 'stuck', { nodeCommand: wrapped('sleep 30; exec "$@"') }),
    ],
    { clusterUnreachableMs: 10_000 },
  );
}, 60_000);
afterAll(async () => {
  await ctx?.host.close();
  slurm?.stop();
});

const spec = (executor: string): TrainSpec => ({ datasetId: ctx.datasetId, target: 'churn', model: 'tree', validation: { kind: 'holdout' }, seed: 5, executor });

function newJobs(before: ReadonlySet<string>): [string, string][] {
  return [...slurmStates(slurm)].filter(([id]) => !before.has(id));
}

describe.skipIf(missing !== null)(`Lost nodes and controllers on a real SLURM${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('a job whose node is lost is submitted again once, runs there, and its result is merged once', async () => {
    const before = new Set(slurmStates(slurm).keys());
    const run = train(ctx.host, spec('lossy'));
    await until('the first attempt to run', () => fs.existsSync(firstTry) && newJobs(before).some(([, s]) => s === 'RUNNING'), 30_000);
    const [lostId] = newJobs(before)[0]!;
    slurm.loseNode(path.join(dir, 'shared-lossy'));
    // SLURM marks the job NODE_FAIL once the node has not answered for SlurmdTimeout (10 s here).
    await until('the executor to resubmit', () => ctx.logs.some((l) => l.includes('lost its node')), 40_000);
    expect(slurmStates(slurm).get(lostId)).toBe('NODE_FAIL');
    const said = ctx.logs.find((l) => l.includes('lost its node'))!;
    expect(said).toMatch(new RegExp(`^SLURM job ${lostId} \\(train-fold fold 1 of run \\d+\\) lost its node \\(NODE_FAIL\\); submitted it again, once, as job (\\d+)\\.$`));
    slurm.startNode();
    const s = await run;
    expect(s.error).toBeNull();
    expect(s.status).toBe('succeeded');
    const retryId = /as job (\d+)/.exec(said)![1]!;
    expect(slurmStates(slurm).get(retryId)).toBe('COMPLETED');
    // Merged once, under the job's one token, and the same numbers as the same run done here.
    expect(countTableRows(ctx.host.currentProject!.db, 'cluster_merges', { run_id: s.runId })).toBe(1);
    const local = await train(ctx.host, { ...spec('lossy'), executor: 'local' });
    expect(s.metrics).toEqual(local.metrics);
  }, 90_000);

  it('the controller lost mid-run: the job is named, the run carries on when the controller returns', async () => {
    const before = new Set(slurmStates(slurm).keys());
    const run = train(ctx.host, spec('steady'));
    await until('the job to run', () => newJobs(before).some(([, s]) => s === 'RUNNING'), 30_000);
    slurm.stopController();
    try {
      await until('the lost contact to be said', () => ctx.logs.some((l) => l.startsWith('Lost contact with SLURM "steady"')), 20_000);
    } finally {
      slurm.startController();
    }
    expect(ctx.logs.find((l) => l.startsWith('Lost contact'))).toMatch(
      /^Lost contact with SLURM "steady" while SLURM job \d+ \(train-fold fold 1 of run \d+\) is out \(squeue failed: .*is the SLURM controller up and reachable from here\?\); waiting up to 10 s for it to come back\.$/,
    );
    const s = await run;
    expect(s.error).toBeNull();
    expect(s.status).toBe('succeeded');
    expect(countTableRows(ctx.host.currentProject!.db, 'cluster_merges', { run_id: s.runId })).toBe(1);
  }, 60_000);

  it('the controller gone for longer than the executor waits: the job fails naming it, nothing is merged', async () => {
    const before = new Set(slurmStates(slurm).keys());
    const run = train(ctx.host, spec('stuck'));
    await until('the job to run', () => newJobs(before).some(([, s]) => s === 'RUNNING'), 30_000);
    slurm.stopController();
    try {
      const s = await run;
      expect(s.status).toBe('failed');
      const fold = s.folds.find((f) => f.fold === 0)!;
      expect(fold.error).toMatch(/^Lost contact with SLURM "stuck" while SLURM job \d+ \(train-fold fold 1 of run \d+\) was out: squeue failed: .*Its result, if it finishes, is not merged; run it again\.$/);
      expect(countTableRows(ctx.host.currentProject!.db, 'cluster_merges', { run_id: s.runId })).toBe(0);
    } finally {
      slurm.startController();
    }
  }, 60_000);
});
