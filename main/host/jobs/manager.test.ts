import { describe, expect, it } from 'vitest';
import type { JobLogLine } from '../../../preload/contract/jobs';
import type { JobInfo, Progress } from '../../../preload/contract/types';
import { runsTensorflow, type SelftestJobSpec } from '../../../native-workers/protocol';
import { workerEntry } from '../paths';
import { waitFor } from '../testing';
import { forkLauncher } from './launcher';
import { JobManager } from './manager';

function manager(concurrency = 2, cancelGraceMs = 500): { jobs: JobManager; progress: Progress[]; updates: JobInfo[] } {
  const progress: Progress[] = [];
  const updates: JobInfo[] = [];
  const jobs = new JobManager({
    launcher: forkLauncher,
    workerEntry: workerEntry(),
    concurrency,
    cancelGraceMs,
    onProgress: (_id, p) => progress.push(p),
    onUpdate: (j) => updates.push(j),
  });
  return { jobs, progress, updates };
}

const selftest = (spec: SelftestJobSpec) => ({ kind: 'selftest' as const, spec });

describe('JobManager with real worker processes', () => {
  it('runs a job to success with throttled progress of the one shape', async () => {
    const { jobs, progress, updates } = manager();
    const job = jobs.submit(selftest({ behaviour: 'count', steps: 40, stepMs: 25 }), 'count');
    const done = await jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    expect(jobs.resultOf(job.id)).toEqual({ steps: 40 });
    // ~1 s of work at 25 ms steps: throttled to a few updates per second, not 40.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThan(15);
    for (const p of progress) {
      expect(p.value).toBeGreaterThanOrEqual(0);
      expect(p.value).toBeLessThanOrEqual(1);
      expect(p.kind).toBe('selftest');
      expect(typeof p.title).toBe('string');
      expect(typeof p.detail).toBe('string');
    }
    expect(updates.map((u) => u.status)).toEqual(['queued', 'running', 'succeeded']);
  });

  it('cancels cooperatively and reports cancelled, not an error', async () => {
    // A grace period far longer than the bound below: only the worker's own stop can meet it.
    const { jobs } = manager(2, 10_000);
    const job = jobs.submit(selftest({ behaviour: 'count', steps: 1000, stepMs: 10 }), 'long');
    await waitFor(() => jobs.get(job.id).progress, { what: 'the job to report progress' });
    const t0 = Date.now();
    jobs.cancel(job.id);
    const done = await jobs.wait(job.id);
    expect(done.status).toBe('cancelled');
    expect(done.error).toBeNull();
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('kills a worker that ignores cancel after the grace period', async () => {
    const { jobs } = manager(2, 300);
    const job = jobs.submit(selftest({ behaviour: 'ignore-cancel', steps: 1000, stepMs: 10 }), 'stubborn');
    await waitFor(() => jobs.get(job.id).progress, { what: 'the job to report progress' });
    const t0 = Date.now();
    jobs.cancel(job.id);
    const done = await jobs.wait(job.id);
    expect(done.status).toBe('cancelled');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  });

  it('gives a job that asks for it a longer grace to stop (a stream storing what it received)', async () => {
    const { jobs } = manager(2, 300);
    /** Starts a job with its own stop grace, cancels it once it runs: its end status and how long the cancel took. */
    const cancelTimed = async (behaviour: 'ignore-cancel' | 'count', stopGraceMs: number): Promise<[string, number]> => {
      const job = jobs.submit(selftest({ behaviour, steps: 1000, stepMs: 10 }), behaviour, { stopGraceMs });
      await waitFor(() => jobs.get(job.id).progress, { what: 'the job to report progress' });
      const t0 = Date.now();
      jobs.cancel(job.id);
      const status = (await jobs.wait(job.id)).status;
      return [status, Date.now() - t0];
    };
    const [slowStatus, slowMs] = await cancelTimed('ignore-cancel', 1500);
    expect(slowStatus).toBe('cancelled');
    expect(slowMs).toBeGreaterThanOrEqual(1480);
    // A worker that stops by itself is not kept waiting for the grace.
    const [quickStatus, quickMs] = await cancelTimed('count', 10_000);
    expect(quickStatus).toBe('cancelled');
    expect(quickMs).toBeLessThan(3000);
  });

  it('fails only the job whose worker crashes, with the reason', async () => {
    const { jobs } = manager();
    const crash = jobs.submit(selftest({ behaviour: 'crash', steps: 10, stepMs: 10 }), 'crash');
    const fine = jobs.submit(selftest({ behaviour: 'count', steps: 10, stepMs: 10 }), 'fine');
    const [c, f] = await Promise.all([jobs.wait(crash.id), jobs.wait(fine.id)]);
    expect(c.status).toBe('failed');
    expect(c.error?.code).toBe('WORKER_CRASHED');
    expect(c.error?.message).toMatch(/code 70/);
    expect(c.error?.message).toMatch(/crashing on purpose/);
    expect(f.status).toBe('succeeded');
  });

  it('carries a job failure across as typed error data', async () => {
    const { jobs } = manager();
    const job = jobs.submit(selftest({ behaviour: 'fail', steps: 4, stepMs: 5 }), 'fail');
    const done = await jobs.wait(job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toEqual({ code: 'BAD_INPUT', message: 'selftest: failing on purpose' });
  });

  it('runs at most `concurrency` workers at once and queues the rest', async () => {
    const { jobs, updates } = manager(2);
    const ids = [0, 1, 2, 3].map((i) => jobs.submit(selftest({ behaviour: 'count', steps: 8, stepMs: 25 }), `j${i}`).id);
    let maxRunning = 0;
    let running = 0;
    const seen = new Set<string>();
    await Promise.all(ids.map((id) => jobs.wait(id)));
    for (const u of updates) {
      if (u.status === 'running') running++;
      if (u.status === 'succeeded' && !seen.has(u.id)) {
        seen.add(u.id);
        running--;
      }
      maxRunning = Math.max(maxRunning, running);
    }
    expect(maxRunning).toBe(2);
    expect(seen.size).toBe(4);
  });

  it('starts a job placed elsewhere (a cluster) at once, beside full local slots, through its own launcher', async () => {
    const { jobs } = manager(1);
    let remoteLaunches = 0;
    const remote = {
      launcher: (entry: string) => {
        remoteLaunches++;
        return forkLauncher(entry);
      },
    };
    const local = jobs.submit(selftest({ behaviour: 'count', steps: 40, stepMs: 25 }), 'local');
    const queued = jobs.submit(selftest({ behaviour: 'count', steps: 2, stepMs: 10 }), 'queued');
    const placed = jobs.submit(selftest({ behaviour: 'count', steps: 2, stepMs: 10 }), 'placed', {}, null, remote);
    // The placed job runs while the one local slot is still held; the local queue waits its turn.
    expect((await jobs.wait(placed.id)).status).toBe('succeeded');
    expect(jobs.get(local.id).status).toBe('running');
    expect(jobs.get(queued.id).status).toBe('queued');
    expect(remoteLaunches).toBe(1);
    expect((await jobs.wait(queued.id)).status).toBe('succeeded');
  });

  it('cancels a queued job without starting it', async () => {
    const { jobs } = manager(1);
    const first = jobs.submit(selftest({ behaviour: 'count', steps: 20, stepMs: 10 }), 'first');
    const second = jobs.submit(selftest({ behaviour: 'count', steps: 20, stepMs: 10 }), 'second');
    jobs.cancel(second.id);
    expect((await jobs.wait(second.id)).startedAt).toBeNull();
    expect((await jobs.wait(first.id)).status).toBe('succeeded');
  });

  it('delivers what a worker logs, and keeps it in the job for a late subscriber', async () => {
    const logs: { jobId: string; line: JobLogLine }[] = [];
    const updates: JobInfo[] = [];
    const jobs = new JobManager({
      launcher: forkLauncher,
      workerEntry: workerEntry(),
      concurrency: 1,
      onLog: (jobId, line) => logs.push({ jobId, line }),
      onUpdate: (j) => updates.push(j),
    });
    const job = jobs.submit(selftest({ behaviour: 'log', steps: 4, stepMs: 5 }), 'log');
    const done = await jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    const expected = ['info', 'warn', 'error'].map((level) => ({ level, message: `selftest: ${level} at step 3` }));
    expect(logs.map((l) => ({ jobId: l.jobId, level: l.line.level, message: l.line.message }))).toEqual(expected.map((e) => ({ jobId: job.id, ...e })));
    expect(jobs.get(job.id).logs?.map((l) => ({ level: l.level, message: l.message }))).toEqual(expected);
    // Log lines are not job updates (those write run rows): queued, running, succeeded only.
    expect(updates.map((u) => u.status)).toEqual(['queued', 'running', 'succeeded']);
  });

  describe('GPU scheduling (a selftest flagged as a TensorFlow.js job stands in for a GPU job)', () => {
    function gpuManager(concurrency: number, slots: number): { jobs: JobManager; updates: JobInfo[] } {
      const updates: JobInfo[] = [];
      // As the host does on a GPU backend: TensorFlow.js jobs are GPU jobs.
      const jobs = new JobManager({ launcher: forkLauncher, workerEntry: workerEntry(), concurrency, gpu: { slots, uses: runsTensorflow }, onUpdate: (j) => updates.push(j) });
      return { jobs, updates };
    }

    /** The largest number of jobs matching `which` that were running at the same time. */
    function peak(updates: readonly JobInfo[], which: (id: string) => boolean): number {
      let running = 0;
      let max = 0;
      for (const u of updates.filter((x) => which(x.id))) {
        if (u.status === 'running') running++;
        else if (u.status !== 'queued') running--;
        max = Math.max(max, running);
      }
      return max;
    }

    const gpuJob = (steps: number) => selftest({ behaviour: 'count', steps, stepMs: 25, tensorflow: true });

    it('runs GPU jobs one at a time while CPU jobs keep their own slots beside them', async () => {
      const { jobs, updates } = gpuManager(1, 1);
      const gpu = [jobs.submit(gpuJob(30), 'gpu 1').id, jobs.submit(gpuJob(30), 'gpu 2').id];
      // Submitted after a GPU job that must wait for the device: it does not wait behind it.
      const cpu = jobs.submit(selftest({ behaviour: 'count', steps: 4, stepMs: 25 }), 'cpu').id;
      const cpuDone = await jobs.wait(cpu);
      expect(jobs.get(gpu[1]!).status).toBe('queued');
      expect(cpuDone.gpu).toBeUndefined();
      await Promise.all(gpu.map((id) => jobs.wait(id)));
      expect(peak(updates, (id) => gpu.includes(id))).toBe(1);
      // The CPU job ran while the first GPU job held the device.
      expect(peak(updates, (id) => id === cpu || id === gpu[0])).toBe(2);
      expect(gpu.map((id) => jobs.get(id))).toMatchObject([{ status: 'succeeded', gpu: true }, { status: 'succeeded', gpu: true }]);
    });

    it('shares the device between as many GPU jobs as the setting allows', async () => {
      const { jobs, updates } = gpuManager(1, 2);
      const gpu = [0, 1, 2].map((i) => jobs.submit(gpuJob(16), `gpu ${i}`).id);
      await Promise.all(gpu.map((id) => jobs.wait(id)));
      expect(peak(updates, () => true)).toBe(2);
    });

    it('frees the GPU slot of a job whose worker crashed', async () => {
      const { jobs } = gpuManager(1, 1);
      const crash = jobs.submit(selftest({ behaviour: 'crash', steps: 10, stepMs: 10, tensorflow: true }), 'crash');
      const next = jobs.submit(gpuJob(4), 'next');
      expect((await jobs.wait(crash.id)).error?.code).toBe('WORKER_CRASHED');
      expect((await jobs.wait(next.id)).status).toBe('succeeded');
    });
  });
});
