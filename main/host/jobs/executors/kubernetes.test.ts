import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesExecutorConfig } from '../../../../preload/contract/compute';
import { KubernetesScheduler } from './kubernetes';
import { recordingServer, type Recorded, type RecordingServer } from './recording-server';
import { stopReason } from './scheduler';

const config: KubernetesExecutorConfig = {
  kind: 'kubernetes',
  name: 'k8s',
  namespace: 'ml',
  image: 'registry.example/assay-worker:1',
  claimName: 'assay-shared',
  sharedDir: '/mnt/assay',
  cpu: '1',
  memory: '2Gi',
  timeLimitSeconds: 900,
};

function job(name: string, status: Record<string, unknown>): Record<string, unknown> {
  return { metadata: { name, labels: { 'assay.dev/worker': 'true' } }, status };
}

// What the API server knows: one Job running, one past its deadline, one whose pod was killed for memory.
function answer(req: Recorded): { status: number; body: unknown } {
  if (req.method === 'POST' && req.url.startsWith('/apis/batch/v1/namespaces/ml/jobs')) return { status: 201, body: req.body };
  if (req.method === 'GET' && req.url.startsWith('/apis/batch/v1/namespaces/ml/jobs')) {
    return {
      status: 200,
      body: {
        kind: 'JobList',
        items: [
          job('running-1', { active: 1 }),
          job('late-2', { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }] }),
          job('big-3', { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }),
          job('someone-elses', { active: 1 }),
        ],
      },
    };
  }
  if (req.method === 'GET' && req.url.startsWith('/api/v1/namespaces/ml/pods')) {
    const big = decodeURIComponent(req.url).includes('job-name=big-3');
    return { status: 200, body: { kind: 'PodList', items: [{ status: { containerStatuses: [{ name: 'worker', state: { terminated: big ? { reason: 'OOMKilled', exitCode: 137 } : { reason: 'Error', exitCode: 1 } } }] } }] } };
  }
  if (req.method === 'DELETE') return { status: 200, body: { kind: 'Status', status: 'Success' } };
  return { status: 404, body: { kind: 'Status', message: `no route ${req.method} ${req.url}` } };
}

let server: RecordingServer;
let scheduler: KubernetesScheduler;

beforeAll(async () => {
  server = await recordingServer(answer);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'test', server: server.url, skipTLSVerify: true }],
    users: [{ name: 'me', token: 'kube-token-1' }],
    contexts: [{ name: 'test', cluster: 'test', user: 'me', namespace: 'ml' }],
    currentContext: 'test',
  });
  scheduler = new KubernetesScheduler(config, kc);
});
afterAll(() => server.close());

describe('Kubernetes executor through @kubernetes/client-node (request shapes; no live cluster here)', () => {
  it('creates one batch/v1 Job per job folder: no retries, the shared claim at the same path, limits, the kubeconfig token', async () => {
    const folder = '/mnt/assay/assay-runs/r1/jobs/5F0C1D2E-aaaa-bbbb';
    const name = await scheduler.submit({ folder, name: 'assay-train-fold', command: ['node', '/app/dist/workers/cluster-node.js', folder] });
    expect(name).toMatch(/^assay-train-fold-5f0c1d2eaaaa$/);
    const post = server.requests.find((r) => r.method === 'POST')!;
    expect(post.url).toBe('/apis/batch/v1/namespaces/ml/jobs');
    expect(post.headers.authorization).toBe('Bearer kube-token-1');
    expect(post.body).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, labels: { 'assay.dev/worker': 'true' } },
      spec: {
        backoffLimit: 0,
        ttlSecondsAfterFinished: 3600,
        activeDeadlineSeconds: 900,
        template: {
          metadata: { labels: { 'assay.dev/worker': 'true' } },
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'worker',
                image: 'registry.example/assay-worker:1',
                command: ['node', '/app/dist/workers/cluster-node.js', folder],
                workingDir: folder,
                resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } },
                volumeMounts: [{ name: 'shared', mountPath: '/mnt/assay' }],
              },
            ],
            volumes: [{ name: 'shared', persistentVolumeClaim: { claimName: 'assay-shared' } }],
          },
        },
      },
    });
  });

  it('polls with one labelled list, reads a deadline from the Job and OOMKilled from its pod; cancel deletes in the background', async () => {
    const states = await scheduler.poll(['running-1', 'late-2', 'big-3', 'gone-4']);
    const list = server.requests.find((r) => r.method === 'GET' && r.url.startsWith('/apis/batch'))!;
    expect(decodeURIComponent(list.url)).toContain('labelSelector=assay.dev/worker=true');
    expect(states.get('running-1')).toMatchObject({ phase: 'running' });
    expect(states.get('late-2')).toMatchObject({ phase: 'failed', raw: 'DeadlineExceeded' });
    expect(stopReason(states.get('late-2')!)).toMatch(/time limit/);
    expect(states.get('big-3')).toMatchObject({ phase: 'failed', raw: 'OOMKilled' });
    expect(stopReason(states.get('big-3')!)).toMatch(/ran out of memory/);
    // A Job that is not ours or not listed is absent (the executor then treats it as forgotten).
    expect(states.has('someone-elses')).toBe(false);
    expect(states.has('gone-4')).toBe(false);
    await scheduler.cancel('running-1');
    const del = server.requests.find((r) => r.method === 'DELETE')!;
    expect(del.url.split('?')[0]).toBe('/apis/batch/v1/namespaces/ml/jobs/running-1');
    expect(`${del.url} ${JSON.stringify(del.body)}`).toMatch(/propagationPolicy.{0,3}Background/);
  });

  it('says what to check when the API server refuses', async () => {
    const refusing = await recordingServer(() => ({ status: 403, body: { kind: 'Status', message: 'jobs.batch is forbidden: User "me" cannot create resource "jobs"' } }));
    try {
      const kc = new KubeConfig();
      kc.loadFromOptions({ clusters: [{ name: 'c', server: refusing.url, skipTLSVerify: true }], users: [{ name: 'me', token: 't' }], contexts: [{ name: 'c', cluster: 'c', user: 'me' }], currentContext: 'c' });
      await expect(new KubernetesScheduler(config, kc).submit({ folder: '/mnt/assay/x/jobs/abc', name: 'assay-train-fold', command: ['node'] })).rejects.toThrow(
        /creating the Job in namespace ml failed: .*forbidden.*check the kubeconfig credentials and the namespace RBAC/,
      );
    } finally {
      await refusing.close();
    }
  });
});
