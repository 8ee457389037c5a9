import { BatchClient, DescribeJobsCommand, SubmitJobCommand, TerminateJobCommand, type BatchClientConfig, type JobDetail } from '@aws-sdk/client-batch';
import type { AwsBatchExecutorConfig } from '../../../../preload/contract/compute';
import type { Scheduler, SchedulerState, SubmitRequest } from './scheduler';

/** DescribeJobs takes at most 100 ids a call. */
const describeBatch = 100;

function stateOf(job: JobDetail): SchedulerState {
  const reason = job.statusReason ?? job.container?.reason ?? null;
  switch (job.status) {
    case 'SUBMITTED':
    case 'PENDING':
    case 'RUNNABLE':
    case 'STARTING':
      return { phase: 'queued', raw: job.status, reason };
    case 'RUNNING':
      return { phase: 'running', raw: job.status, reason };
    case 'SUCCEEDED':
      return { phase: 'succeeded', raw: job.status, reason };
    default: {
      // Batch says FAILED for all of them; its reason tells a time limit, memory or a lost instance apart.
      const raw = /timeout|timed out/i.test(reason ?? '')
        ? 'TIMEOUT'
        : /OutOfMemory|OOM/i.test(reason ?? '')
          ? 'OUT_OF_MEMORY'
          : /Host EC2|terminated|spot/i.test(reason ?? '')
            ? 'NODE_FAIL'
            : /Terminated by user|cancel/i.test(reason ?? '')
              ? 'CANCELLED'
              : 'FAILED';
      return { phase: raw === 'CANCELLED' ? 'cancelled' : 'failed', raw, reason };
    }
  }
}

/**
 * AWS Batch through its official client (SubmitJob, DescribeJobs, TerminateJob): credentials from the AWS
 * chain (environment, the named `profile`, SSO, instance role), never stored here. The job definition's
 * container must have Node, the worker bundle and the shared folder (EFS) mounted at `sharedDir`.
 * Untested against a live AWS account: the request shapes are checked against a recording endpoint.
 */
export class AwsBatchScheduler implements Scheduler {
  readonly label = 'AWS Batch';
  private readonly config: AwsBatchExecutorConfig;
  private readonly client: BatchClient;

  constructor(config: AwsBatchExecutorConfig, clientConfig: BatchClientConfig = {}) {
    this.config = config;
    this.client = new BatchClient({ ...(config.region ? { region: config.region } : {}), ...(config.profile ? { profile: config.profile } : {}), ...clientConfig });
  }

  async submit(req: SubmitRequest): Promise<string> {
    const out = await this.client
      .send(
        new SubmitJobCommand({
          jobName: req.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 128),
          jobQueue: this.config.jobQueue,
          jobDefinition: this.config.jobDefinition,
          containerOverrides: { command: [...req.command], environment: [{ name: 'ASSAY_JOB_FOLDER', value: req.folder }] },
          // A retry is ours to decide (a result must be merged once; the token makes a rerun safe anyway).
          retryStrategy: { attempts: 1 },
          ...(this.config.timeLimitSeconds ? { timeout: { attemptDurationSeconds: Math.max(60, this.config.timeLimitSeconds) } } : {}),
          tags: { 'assay:job': req.folder.split('/').pop() ?? '' },
        }),
      )
      .catch((err: Error) => {
        throw new Error(`SubmitJob to queue ${this.config.jobQueue} failed: ${awsMessage(err)}`);
      });
    if (!out.jobId) throw new Error('SubmitJob answered without a job id');
    return out.jobId;
  }

  async poll(ids: readonly string[]): Promise<ReadonlyMap<string, SchedulerState>> {
    const out = new Map<string, SchedulerState>();
    for (let i = 0; i < ids.length; i += describeBatch) {
      const res = await this.client.send(new DescribeJobsCommand({ jobs: ids.slice(i, i + describeBatch) })).catch((err: Error) => {
        throw new Error(`DescribeJobs failed: ${awsMessage(err)}`);
      });
      for (const job of res.jobs ?? []) if (job.jobId) out.set(job.jobId, stateOf(job));
    }
    return out;
  }

  async cancel(id: string): Promise<void> {
    // TerminateJob also stops a job that is already running (CancelJob only a queued one).
    await this.client.send(new TerminateJobCommand({ jobId: id, reason: 'Cancelled in Assay' }));
  }
}

function awsMessage(err: Error): string {
  const name = err.name;
  const hint = /Credentials|ExpiredToken|UnrecognizedClient|AccessDenied/i.test(`${name} ${err.message}`) ? ' — check the AWS profile or credentials (aws sts get-caller-identity)' : '';
  return `${name}: ${err.message}${hint}`;
}
