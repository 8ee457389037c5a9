import { AssayError } from '../../preload/contract/errors';
import type { WorkerJob } from '../protocol';
import type { JobContext } from '../runtime/context';

/**
 * The jobs a cluster node runs, each kind's code loaded when it arrives. The node's bundle holds these kinds
 * only, not job-handlers.ts's every kind (imports, streams, database drivers): parsing those was part of each
 * job's start-up on its node.
 */
export async function runNodeJob(job: WorkerJob, ctx: JobContext): Promise<unknown> {
  switch (job.kind) {
    case 'train-fold':
      return (await import('../jobs/train/fold')).runTrainFold(job.spec, ctx);
    case 'train-trial':
      return (await import('../jobs/train/trial')).runTrainTrial(job.spec, ctx);
    case 'images-train':
      return (await import('../jobs/images/train')).runImageTrain(job.spec, ctx);
    default:
      throw new AssayError('UNSUPPORTED', `A ${job.kind} job cannot run on a cluster node; run it locally.`);
  }
}
