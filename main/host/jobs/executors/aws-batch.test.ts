import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsBatchExecutorConfig } from '../../../../preload/contract/compute';
import { AwsBatchScheduler } from './aws-batch';
import { recordingServer, type Recorded, type RecordingServer } from './recording-server';
import { stopReason } from './scheduler';

const config: AwsBatchExecutorConfig = { kind: 'aws-batch', name: 'batch', jobQueue: 'assay-queue', jobDefinition: 'assay-worker:3', region: 'eu-west-1', sharedDir: '/mnt/efs', timeLimitSeconds: 1800 };

function detail(jobId: string, status: string, statusReason?: string): Record<string, unknown> {
  return { jobId, jobName: 'assay-train-fold', jobQueue: 'q', jobDefinition: 'd', status, startedAt: 1, ...(statusReason ? { statusReason } : {}) };
}

// The Batch API answers: SubmitJob an id, DescribeJobs the states of the ids asked, TerminateJob nothing.
function answer(req: Recorded): { status: number; body: unknown } {
  if (req.url === '/v1/submitjob') return { status: 200, body: { jobArn: 'arn:aws:batch:eu-west-1:1:job/j-1', jobName: 'assay-train-fold', jobId: 'j-1' } };
  if (req.url === '/v1/describejobs') {
    const known: Record<string, Record<string, unknown>> = {
      'j-run': detail('j-run', 'RUNNING'),
      'j-wait': detail('j-wait', 'RUNNABLE'),
      'j-late': detail('j-late', 'FAILED', 'Job attempt duration exceeded timeout'),
      'j-big': detail('j-big', 'FAILED', 'OutOfMemoryError: Container killed due to memory usage'),
      'j-lost': detail('j-lost', 'FAILED', 'Host EC2 (instance i-0abc) terminated.'),
      'j-ok': detail('j-ok', 'SUCCEEDED'),
    };
    const ids = (req.body as { jobs: string[] }).jobs;
    return { status: 200, body: { jobs: ids.filter((id) => known[id]).map((id) => known[id]) } };
  }
  if (req.url === '/v1/terminatejob') return { status: 200, body: {} };
  return { status: 404, body: { message: 'no route' } };
}

let server: RecordingServer;
let scheduler: AwsBatchScheduler;

beforeAll(async () => {
  server = await recordingServer(answer);
  scheduler = new AwsBatchScheduler(config, { endpoint: server.url, credentials: { accessKeyId: 'AKIDASSAYTEST', secretAccessKey: 'secret-not-sent' } });
});
afterAll(() => server.close());

describe('AWS Batch executor through @aws-sdk/client-batch (request shapes; no live account here)', () => {
  it('submits the job folder as a container command override to the queue and definition, signed with the profile chain', async () => {
    const folder = '/mnt/efs/assay-runs/r/jobs/0d6a-uuid';
    expect(await scheduler.submit({ folder, name: 'assay-train-trial', command: ['node', '/app/dist/workers/cluster-node.js', folder] })).toBe('j-1');
    const submit = server.requests.find((r) => r.url === '/v1/submitjob')!;
    expect(submit.method).toBe('POST');
    expect(submit.body).toEqual({
      jobName: 'assay-train-trial',
      jobQueue: 'assay-queue',
      jobDefinition: 'assay-worker:3',
      containerOverrides: { command: ['node', '/app/dist/workers/cluster-node.js', folder], environment: [{ name: 'ASSAY_JOB_FOLDER', value: folder }] },
      retryStrategy: { attempts: 1 },
      timeout: { attemptDurationSeconds: 1800 },
      tags: { 'assay:job': '0d6a-uuid' },
    });
    // SigV4 for Batch in the executor's region; the secret itself never travels.
    expect(submit.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDASSAYTEST\/\d{8}\/eu-west-1\/batch\/aws4_request/);
    expect(JSON.stringify(server.requests)).not.toContain('secret-not-sent');
  });

  it('describes jobs in one call and tells a time limit, memory and a lost instance apart; cancel terminates', async () => {
    const states = await scheduler.poll(['j-run', 'j-wait', 'j-late', 'j-big', 'j-lost', 'j-ok', 'j-gone']);
    expect((server.requests.filter((r) => r.url === '/v1/describejobs').pop()!.body as { jobs: string[] }).jobs).toHaveLength(7);
    expect(states.get('j-run')).toMatchObject({ phase: 'running' });
    expect(states.get('j-wait')).toMatchObject({ phase: 'queued' });
    expect(states.get('j-ok')).toMatchObject({ phase: 'succeeded' });
    expect(stopReason(states.get('j-late')!)).toMatch(/time limit/);
    expect(stopReason(states.get('j-big')!)).toMatch(/ran out of memory/);
    expect(stopReason(states.get('j-lost')!)).toMatch(/lost its node/);
    expect(states.has('j-gone')).toBe(false);
    await scheduler.cancel('j-run');
    expect(server.requests.find((r) => r.url === '/v1/terminatejob')!.body).toEqual({ jobId: 'j-run', reason: 'Cancelled in Assay' });
  });

  it('says to check the credentials when AWS refuses them', async () => {
    const refusing = await recordingServer(() => ({ status: 403, body: { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' } }));
    try {
      const s = new AwsBatchScheduler(config, { endpoint: refusing.url, credentials: { accessKeyId: 'AKIDBAD', secretAccessKey: 'x' }, maxAttempts: 1 });
      await expect(s.submit({ folder: '/mnt/efs/x', name: 'assay-train-fold', command: ['node'] })).rejects.toThrow(/SubmitJob to queue assay-queue failed: .*check the AWS profile or credentials/);
    } finally {
      await refusing.close();
    }
  });
});
