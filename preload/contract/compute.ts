/**
 * Compute settings: where training jobs run. `local` (worker processes here) always exists; the user adds
 * cluster executors by name. They live in the user's settings folder (ASSAY_HOME), never in a project:
 * a project travels, a cluster's address and account do not. Credentials are the engines' own (SLURM's
 * munge, kubeconfig, the AWS profile chain) and never appear here.
 */

export const executorKinds = ['slurm', 'kubernetes', 'aws-batch'] as const;
export type ExecutorKind = (typeof executorKinds)[number];

interface ExecutorBase {
  readonly name: string;
  /** A folder the host and every node (or container) read and write at this same path. */
  readonly sharedDir: string;
  /**
   * The program and arguments that run a job folder on a node. Default: this Node and this install's
   * worker bundle (dist/workers/cluster-node.js), right for an install the nodes share; a container image
   * names its own, e.g. ["node", "/app/dist/workers/cluster-node.js"].
   */
  readonly nodeCommand?: readonly string[];
  /**
   * `s3://bucket/prefix`: the jobs' inputs (spec, snapshot, columns) and results go through S3 instead of
   * `sharedDir`, which then only holds the engine's own files (SLURM's job script and log). Credentials: the
   * AWS default chain here and on the nodes (environment, profile, instance role).
   */
  readonly storage?: string;
  /** An S3 API other than AWS's (MinIO, a private endpoint): its URL, used here and by the nodes. */
  readonly storageEndpoint?: string;
}

export interface SlurmExecutorConfig extends ExecutorBase {
  readonly kind: 'slurm';
  readonly partition?: string;
  readonly account?: string;
  /** sbatch --time: minutes, or [D-]HH:MM:SS. */
  readonly timeLimit?: string;
  /** sbatch --mem, e.g. 2G. */
  readonly memory?: string;
  readonly cpusPerTask?: number;
  /** Where sbatch, squeue and scancel are, when not on PATH. */
  readonly binDir?: string;
  /** SLURM_CONF for those commands, when not the system's. */
  readonly slurmConf?: string;
}

export interface KubernetesExecutorConfig extends ExecutorBase {
  readonly kind: 'kubernetes';
  readonly namespace: string;
  /** An image with Node and Assay's worker bundle (the exported Dockerfile's base, or the portable pack). */
  readonly image: string;
  /** A PersistentVolumeClaim holding `sharedDir`, mounted at that same path in the job's pod. */
  readonly claimName: string;
  /** kubeconfig context; absent: the current one. */
  readonly context?: string;
  readonly cpu?: string;
  readonly memory?: string;
  /** activeDeadlineSeconds of each Job. */
  readonly timeLimitSeconds?: number;
}

export interface AwsBatchExecutorConfig extends ExecutorBase {
  readonly kind: 'aws-batch';
  readonly jobQueue: string;
  /** A job definition whose container has Node, the worker bundle and `sharedDir` (EFS) mounted. */
  readonly jobDefinition: string;
  readonly region?: string;
  /** The AWS profile (credentials chain) to use; absent: the default chain. */
  readonly profile?: string;
  readonly timeLimitSeconds?: number;
}

export type ExecutorConfig = SlurmExecutorConfig | KubernetesExecutorConfig | AwsBatchExecutorConfig;

export interface ComputeSettings {
  readonly executors: readonly ExecutorConfig[];
  /** The executor training uses when none is named: 'local' or one of the executors' names. */
  readonly defaultExecutor: string;
}

/** The settings and the file they live in (shown, so a user can edit or copy it). */
export interface ComputeView {
  readonly settings: ComputeSettings;
  readonly file: string;
}

export const localExecutor = 'local';

export const emptyCompute: ComputeSettings = { executors: [], defaultExecutor: localExecutor };

/** Why these settings cannot be saved, or null: names unique and not "local", a default that exists. */
export function computeProblem(settings: ComputeSettings): string | null {
  const names = new Set<string>();
  for (const e of settings.executors) {
    if (!/^[\w.-]{1,40}$/.test(e.name)) return `Executor name "${e.name}": use 1–40 letters, digits, '.', '-' or '_'.`;
    if (e.name === localExecutor) return `"${localExecutor}" is the built-in executor; name yours differently.`;
    if (names.has(e.name)) return `Two executors are named "${e.name}"; names must be unique.`;
    names.add(e.name);
    if (!e.sharedDir.startsWith('/')) return `Executor "${e.name}": the shared folder must be an absolute path (the same on every node), not "${e.sharedDir}".`;
    if (e.storage !== undefined && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(e.storage)) return `Executor "${e.name}": storage must be an S3 location such as s3://bucket/prefix, not "${e.storage}".`;
    if (e.storageEndpoint !== undefined && !/^https?:\/\/\S+$/.test(e.storageEndpoint)) return `Executor "${e.name}": the storage endpoint must be an http(s) URL, not "${e.storageEndpoint}".`;
  }
  if (settings.defaultExecutor !== localExecutor && !names.has(settings.defaultExecutor)) return `The default executor "${settings.defaultExecutor}" is not defined; pick local or one of: ${[...names].join(', ') || 'none'}.`;
  return null;
}
