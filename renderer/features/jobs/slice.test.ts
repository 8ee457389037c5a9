import { beforeEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../preload/contract';
import { emptyJobs, setJobProgress, setJobs, upsertJob, useJobsStore } from './slice';

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
});
