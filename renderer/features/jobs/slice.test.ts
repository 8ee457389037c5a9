import { beforeEach, describe, expect, it } from 'vitest';
import { jobLogLimit, type JobInfo, type JobLogLine } from '../../../preload/contract';
import { addJobLog, emptyJobs, setJobProgress, setJobs, upsertJob, useJobsStore } from './slice';

const job = (id: string, status: JobInfo['status'], extra: Partial<JobInfo> = {}): JobInfo => ({
  id,
  runId: null,
  kind: 'import',
  title: `Import ${id}`,
  status,
  progress: null,
  error: null,
  startedAt: null,
  finishedAt: null,
  ...extra,
});

const progress = (value: number) => ({ kind: 'import', value, title: 'Importing', detail: `${value}` });

describe('jobs slice', () => {
  beforeEach(() => useJobsStore.setState(emptyJobs));

  it('orders jobs newest first and merges progress', () => {
    upsertJob(job('a', 'queued'));
    upsertJob(job('b', 'queued'));
    setJobProgress('a', progress(0.4));
    const s = useJobsStore.getState();
    expect(s.order).toEqual(['b', 'a']);
    expect(s.byId['a'].status).toBe('running');
    expect(s.byId['a'].progress?.value).toBe(0.4);
  });

  it('ignores progress that arrives after a job finished', () => {
    upsertJob(job('a', 'running'));
    upsertJob(job('a', 'cancelled'));
    setJobProgress('a', progress(0.9));
    expect(useJobsStore.getState().byId['a'].status).toBe('cancelled');
  });

  it('keeps the last progress when an update carries none', () => {
    upsertJob(job('a', 'running', { progress: progress(0.7) }));
    upsertJob(job('a', 'running'));
    expect(useJobsStore.getState().byId['a'].progress?.value).toBe(0.7);
  });

  it('re-attaches to the host list after a reload', () => {
    setJobs([job('x', 'running', { progress: progress(0.2) }), job('y', 'succeeded')]);
    const s = useJobsStore.getState();
    expect(s.order).toEqual(['y', 'x']);
    expect(s.byId['x'].progress?.value).toBe(0.2);
  });

  it('keeps the last log lines of a job, as the host does', () => {
    const line = (n: number): JobLogLine => ({ level: 'warn', message: `w${n}`, at: `2024-01-01T00:00:${String(n % 60).padStart(2, '0')}Z` });
    upsertJob(job('a', 'running'));
    for (let n = 0; n < jobLogLimit + 5; n++) addJobLog('a', line(n));
    const logs = useJobsStore.getState().byId['a'].logs ?? [];
    expect(logs).toHaveLength(jobLogLimit);
    expect(logs[0].message).toBe('w5');
    expect(logs[logs.length - 1].message).toBe(`w${jobLogLimit + 4}`);
    // A log for a job this window does not know yet is left to job:list (which carries the logs).
    addJobLog('unknown', line(1));
    expect(useJobsStore.getState().byId['unknown']).toBeUndefined();
    // The host's list after a reload brings the lines it kept.
    setJobs([job('b', 'running', { logs: [line(1)] })]);
    expect(useJobsStore.getState().byId['b'].logs).toEqual([line(1)]);
  });
});
