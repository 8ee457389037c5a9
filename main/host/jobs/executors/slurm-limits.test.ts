import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainSpec } from '../../../../preload/contract/train';
import { countTableRows } from '../../../../native-workers/project/inspect';
import { tempDir } from '../../testing';
import { slurmMissing, startTestSlurm, type TestSlurm } from './slurm-testing';
import { churnHost, slurmCommand, slurmExecutor, slurmStates, train, until, wrapped, type ChurnHost } from './slurm-test-host';

// A job the scheduler stops (time limit, memory) and storage the node cannot read, on a real SLURM: each
// fails its fold with a message naming the SLURM job and the fold, and merges nothing.
const missing = slurmMissing();
const dir = tempDir('assay-slurm-limits-');
let slurm: TestSlurm;
let ctx: ChurnHost;

beforeAll(async () => {
  if (missing) return;
  slurm = await startTestSlurm();
  const sharedDir = path.join(dir, 'shared-blind');
  ctx = await churnHost(dir, [
    // The job waits (as a long fit would) until the scheduler stops it.
    slurmExecutor(slurm, dir, 'slow', { timeLimit: '10', nodeCommand: wrapped('sleep 600 & wait $!; exec "$@"') }),
    // The job holds 300 MB beside the worker, under a 100 MB limit, for at least 3 s: SLURM samples memory each second,
    // and the lighter node (Arrow inputs, no tfjs) can finish a fold before the first sample.
    slurmExecutor(slurm, dir, 'small', { memory: '100M', nodeCommand: wrapped(`"$1" -e 'globalThis.hog = Buffer.alloc(300e6, 1); setTimeout(() => 0, 60e3)' & sleep 3; exec "$@"`) }),
    // The node sees an empty folder where the shared one should be: storage it cannot read.
    slurmExecutor(slurm, dir, 'blind', { sharedDir, nodeCommand: wrapped(`exec unshare -m sh -c 'mount -t tmpfs none "$0" && exec "$@"' ${sharedDir} "$@"`) }),
  ]);
}, 60_000);
afterAll(async () => {
  await ctx?.host.close();
  slurm?.stop();
});

const spec = (executor: string): TrainSpec => ({ datasetId: ctx.datasetId, target: 'churn', model: 'tree', validation: { kind: 'holdout' }, executor });

describe.skipIf(missing !== null)(`SLURM stops and storage problems on a real SLURM${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('a job stopped at its time limit fails its fold with that reason (TIMEOUT), naming the job', async () => {
    const before = new Set(slurmStates(slurm).keys());
    const run = train(ctx.host, spec('slow'));
    const ours = (): string[] => [...slurmStates(slurm)].filter(([id]) => !before.has(id)).map(([id, state]) => `${id}|${state}`);
    await until('the fold to run on SLURM', () => ours().some((l) => l.endsWith('|RUNNING')), 30_000);
    const id = ours()[0]!.split('|')[0]!;
    // Its time is up now: SLURM sets the limit to the minutes it has run, and its limit check (every 30 s)
    // stops it. Set once: the forced end time is what the scheduler then acts on.
    slurmCommand(slurm, ['scontrol', 'update', `JobId=${id}`, 'EndTime=now']);
    const s = await run;
    expect(slurmStates(slurm).get(id)).toBe('TIMEOUT');
    expect(s.status).toBe('failed');
    const fold = s.folds.find((f) => f.fold === 0)!;
    expect(fold.status).toBe('failed');
    expect(fold.error).toBe(`SLURM job ${id} (train-fold fold 1 of run ${s.runId}) reached its time limit: raise the executor's time limit, or run it locally (TIMEOUT).`);
    expect(s.error).toBe(`No fold could be trained: ${fold.error}`);
    expect(countTableRows(ctx.host.currentProject!.db, 'cluster_merges', { run_id: s.runId })).toBe(0);
  }, 70_000);

  it('a job killed for memory fails its fold saying so, naming the job', async () => {
    const s = await train(ctx.host, spec('small'));
    expect(s.status).toBe('failed');
    const fold = s.folds.find((f) => f.fold === 0)!;
    // Without cgroups SLURM's accounting kills it and the job ends FAILED, saying why in its log; with
    // cgroups it would end OUT_OF_MEMORY. Either way the message says memory. Which of SLURM's checks kills it
    // (the step's "exceeded memory limit (N > LIMIT)" or the job's "Exceeded job memory limit") depends on
    // timing: both are accepted.
    expect(fold.error).toMatch(
      new RegExp(`^SLURM job (\\d+) \\(train-fold fold 1 of run ${s.runId}\\) ran out of memory: raise the executor's memory per job \\(FAILED: (exceeded memory limit \\(\\d+ > 104857600\\)|Exceeded job memory limit).*\\)\\.$`),
    );
    expect(slurmStates(slurm).get(/job (\d+)/.exec(fold.error!)![1]!)).toBe('FAILED');
    expect(countTableRows(ctx.host.currentProject!.db, 'cluster_merges', { run_id: s.runId })).toBe(0);
  }, 40_000);

  it('a node that cannot read the shared folder fails the job saying which folder to share', async () => {
    const s = await train(ctx.host, spec('blind'));
    expect(s.status).toBe('failed');
    const fold = s.folds.find((f) => f.fold === 0)!;
    expect(fold.error).toMatch(new RegExp(`^SLURM job \\d+ \\(train-fold fold 1 of run ${s.runId}\\) ended as FAILED without a result: .*could not read the job's files in ${dir}/shared-blind/assay-runs/.*ENOENT.*Check that this folder is shared with the cluster's nodes at the same path`));
    expect(countTableRows(ctx.host.currentProject!.db, 'cluster_merges', { run_id: s.runId })).toBe(0);
  }, 40_000);
});
