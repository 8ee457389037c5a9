import fs from 'node:fs';
import path from 'node:path';
import { AssayError } from '../../../../preload/contract/errors';
import { computeProblem, emptyCompute, localExecutor, type ComputeSettings, type ComputeView, type ExecutorConfig } from '../../../../preload/contract/compute';
import { ClusterExecutor, type ClusterTiming } from './cluster';
import { schedulerFor } from './schedulers';

export interface ExecutorsOptions {
  /** compute.json in the user's settings folder. */
  readonly file: string;
  /** What runs a job folder on a node unless an executor names its own: this Node and the worker bundle. */
  readonly nodeCommand: readonly string[];
  readonly pollMs?: number;
  readonly unreachableMs?: number;
  readonly onTiming?: (timing: ClusterTiming) => void;
}

/**
 * The user's executors (Settings → Compute, `--executor NAME`), read from their settings file whenever
 * asked (the CLI and the app may both edit it), each built once per configuration.
 */
export class Executors {
  private readonly opts: ExecutorsOptions;
  private readonly built = new Map<string, { readonly json: string; readonly executor: ClusterExecutor }>();

  constructor(opts: ExecutorsOptions) {
    this.opts = opts;
  }

  settings(): ComputeSettings {
    let text: string;
    try {
      text = fs.readFileSync(this.opts.file, 'utf8');
    } catch {
      return emptyCompute;
    }
    try {
      return JSON.parse(text) as ComputeSettings;
    } catch (err) {
      throw new AssayError('BAD_INPUT', `${this.opts.file} is not valid JSON (${(err as Error).message}); fix it or save the Compute settings again.`);
    }
  }

  view(): ComputeView {
    return { settings: this.settings(), file: this.opts.file };
  }

  save(settings: ComputeSettings): ComputeView {
    const problem = computeProblem(settings);
    if (problem) throw new AssayError('BAD_INPUT', problem);
    fs.mkdirSync(path.dirname(this.opts.file), { recursive: true });
    const tmp = `${this.opts.file}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.opts.file);
    return this.view();
  }

  /** The executor a job goes to: null for local; `name` absent means the default one. */
  resolve(name: string | undefined): ClusterExecutor | null {
    const settings = this.settings();
    const wanted = name ?? settings.defaultExecutor;
    if (wanted === localExecutor) return null;
    const config = settings.executors.find((e) => e.name === wanted);
    if (!config) {
      const known = [localExecutor, ...settings.executors.map((e) => e.name)].join(', ');
      throw new AssayError('BAD_INPUT', `No executor named "${wanted}"; known: ${known}. Add it under Settings → Compute (${this.opts.file}).`);
    }
    return this.build(config);
  }

  private build(config: ExecutorConfig): ClusterExecutor {
    const json = JSON.stringify(config);
    const had = this.built.get(config.name);
    if (had?.json === json) return had.executor;
    const executor = new ClusterExecutor({
      name: config.name,
      scheduler: schedulerFor(config),
      sharedDir: config.sharedDir,
      ...(config.storage !== undefined ? { storage: config.storage } : {}),
      ...(config.storageEndpoint !== undefined ? { storageEndpoint: config.storageEndpoint } : {}),
      nodeCommand: config.nodeCommand ?? this.opts.nodeCommand,
      ...(this.opts.pollMs !== undefined ? { pollMs: this.opts.pollMs } : {}),
      ...(this.opts.unreachableMs !== undefined ? { unreachableMs: this.opts.unreachableMs } : {}),
      ...(this.opts.onTiming ? { onTiming: this.opts.onTiming } : {}),
    });
    this.built.set(config.name, { json, executor });
    return executor;
  }
}
