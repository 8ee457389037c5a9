import { useEffect, useRef } from 'react';
import type { JobInfo } from '../../../preload/contract';
import { isFinished, useJob } from '../jobs';
import { afterValidate } from './actions';
import { quarantineChanged, useValidateJobId } from './slice';

/** The dataset's current validate job; when it ends, the dataset list and quarantine views reload once. */
export function useValidateJob(datasetId: number): JobInfo | undefined {
  const job = useJob(useValidateJobId(datasetId));
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!job || !isFinished(job) || handled.current === job.id) return;
    handled.current = job.id;
    quarantineChanged(datasetId);
    void afterValidate();
  }, [job, datasetId]);
  return job;
}
