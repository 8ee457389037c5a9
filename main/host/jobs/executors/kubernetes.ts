import { BatchV1Api, CoreV1Api, KubeConfig, type V1Job } from '@kubernetes/client-node';
import type { KubernetesExecutorConfig } from '../../../../preload/contract/compute';
import type { Scheduler, SchedulerState, SubmitRequest } from './scheduler';

/** The label every Job of ours carries, so one list call answers a poll. */
const appLabel = 'assay.dev/worker';

/** A DNS-1123 name (Job names are): lower case, digits and '-', at most 63, unique by a suffix. */
function jobName(name: string, unique: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${base || 'assay'}-${unique.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12)}`;
}

/** The Job that runs one job folder: no retries (a retry is ours to decide), the shared claim at the same path. */
export function kubernetesJob(config: KubernetesExecutorConfig, req: SubmitRequest, name: string): V1Job {
  const labels = { [appLabel]: 'true' };
  const resources = config.cpu || config.memory ? { requests: { ...(config.cpu ? { cpu: config.cpu } : {}), ...(config.memory ? { memory: config.memory } : {}) }, limits: { ...(config.memory ? { memory: config.memory } : {}) } } : undefined;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: 3600,
      ...(config.timeLimitSeconds ? { activeDeadlineSeconds: config.timeLimitSeconds } : {}),
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'worker',
              image: config.image,
              command: [...req.command],
              workingDir: req.folder,
              ...(resources ? { resources } : {}),
              volumeMounts: [{ name: 'shared', mountPath: config.sharedDir }],
            },
          ],
          volumes: [{ name: 'shared', persistentVolumeClaim: { claimName: config.claimName } }],
        },
      },
    },
  };
}

function stateOf(job: V1Job): SchedulerState {
  const s = job.status ?? {};
  const failed = s.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  if (failed) return { phase: 'failed', raw: failed.reason ?? 'Failed', reason: failed.message ?? null };
  if ((s.succeeded ?? 0) > 0) return { phase: 'succeeded', raw: 'Complete', reason: null };
  if ((s.active ?? 0) > 0) return { phase: 'running', raw: 'Active', reason: null };
  return { phase: 'queued', raw: 'Pending', reason: null };
}

/**
 * Kubernetes through its official client (BatchV1Api Jobs): credentials and cluster from the user's
 * kubeconfig (KUBECONFIG or ~/.kube/config; `context` picks one). Untested against a live cluster: the
 * request shapes are checked against a recording API server in kubernetes.test.ts.
 */
export class KubernetesScheduler implements Scheduler {
  readonly label = 'Kubernetes';
  private readonly config: KubernetesExecutorConfig;
  private readonly batch: BatchV1Api;
  private readonly core: CoreV1Api;

  constructor(config: KubernetesExecutorConfig, kubeConfig?: KubeConfig) {
    this.config = config;
    const kc = kubeConfig ?? new KubeConfig();
    if (!kubeConfig) kc.loadFromDefault();
    if (config.context) kc.setCurrentContext(config.context);
    this.batch = kc.makeApiClient(BatchV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  async submit(req: SubmitRequest): Promise<string> {
    const name = jobName(req.name, req.folder.split('/').pop() ?? '');
    const created = await this.batch.createNamespacedJob({ namespace: this.config.namespace, body: kubernetesJob(this.config, req, name) }).catch((err: unknown) => {
      throw new Error(`creating the Job in namespace ${this.config.namespace} failed: ${apiMessage(err)}`);
    });
    return created.metadata?.name ?? name;
  }

  async poll(ids: readonly string[]): Promise<ReadonlyMap<string, SchedulerState>> {
    const out = new Map<string, SchedulerState>();
    if (ids.length === 0) return out;
    const list = await this.batch.listNamespacedJob({ namespace: this.config.namespace, labelSelector: `${appLabel}=true` }).catch((err: unknown) => {
      throw new Error(`listing Jobs in namespace ${this.config.namespace} failed: ${apiMessage(err)}`);
    });
    const wanted = new Set(ids);
    for (const job of list.items) {
      const name = job.metadata?.name;
      if (!name || !wanted.has(name)) continue;
      let state = stateOf(job);
      // A Job whose pod failed says only that (BackoffLimitExceeded); the pod says whether it was killed for memory.
      if (state.raw === 'BackoffLimitExceeded') state = (await this.podReason(name)) ?? state;
      out.set(name, state);
    }
    return out;
  }

  private async podReason(job: string): Promise<SchedulerState | null> {
    const pods = await this.core.listNamespacedPod({ namespace: this.config.namespace, labelSelector: `job-name=${job}` }).catch(() => null);
    const terminated = pods?.items[0]?.status?.containerStatuses?.[0]?.state?.terminated;
    return terminated?.reason ? { phase: 'failed', raw: terminated.reason, reason: terminated.message ?? null } : null;
  }

  async cancel(id: string): Promise<void> {
    // Background: the Job goes at once and its pod after; the worker gets SIGTERM and stops cooperatively.
    await this.batch.deleteNamespacedJob({ name: id, namespace: this.config.namespace, propagationPolicy: 'Background' });
  }
}

function apiMessage(err: unknown): string {
  const e = err as { code?: number; body?: string; message?: string };
  let said = e.message ?? String(err);
  try {
    said = (JSON.parse(e.body ?? '') as { message?: string }).message ?? said;
  } catch {
    // not a Status body
  }
  const hint = e.code === 401 || e.code === 403 ? ' — check the kubeconfig credentials and the namespace RBAC' : /ECONNREFUSED|ENOTFOUND|fetch failed/.test(said) ? ' — is the cluster reachable (kubectl cluster-info)?' : '';
  return `${said}${hint}`;
}
