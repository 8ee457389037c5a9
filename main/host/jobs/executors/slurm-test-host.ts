/**
 * A host with the churn data imported and SLURM executors configured, for the tests that run jobs on the
 * test cluster (slurm-testing.ts), and what they need to watch those jobs.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import type { ComputeSettings, SlurmExecutorConfig } from '../../../../preload/contract/compute';
import type { JobLogLine } from '../../../../preload/contract/jobs';
import type { TrainRunSummary, TrainSpec } from '../../../../preload/contract/train';
import type { ImportResult } from '../../../../preload/contract/types';
import { Host, type HostOptions } from '../../host';
import { clusterNodeEntry } from '../../paths';
import { sharedData } from '../../testing';
import type { TestSlurm } from './slurm-testing';

export interface ChurnHost {
  readonly host: Host;
  readonly datasetId: number;
  /** Every job log line the host pushed so far. */
  readonly logs: string[];
}

let n = 0;

export async function churnHost(dir: string, executors: ComputeSettings['executors'], opts: Partial<HostOptions> = {}): Promise<ChurnHost> {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, `config${++n}`), clusterPollMs: 100, ...opts });
  host.executors.save({ executors, defaultExecutor: 'local' });
  const logs: string[] = [];
  host.push.subscribe((channel, payload) => {
    if (channel === 'job:log') logs.push((payload as { line: JobLogLine }).line.message);
  });
  host.newProject(path.join(dir, `p${n}.assay`));
  const job = host.startImport({ source: { kind: 'path', path: path.join(sharedData, 'mlc_churn.csv') }, name: 'churn' });
  expect((await host.jobs.wait(job.id)).status).toBe('succeeded');
  return { host, datasetId: (host.jobs.resultOf(job.id) as ImportResult).datasetId, logs };
}

export async function train(host: Host, spec: TrainSpec): Promise<TrainRunSummary> {
  const { runId } = (await host.dispatch('train:start', spec)) as { runId: number };
  return host.train.wait(runId);
}

/** An executor on the test cluster whose shared folder is `dir/shared-NAME` (unique, so tests can find its processes). */
export function slurmExecutor(slurm: TestSlurm, dir: string, name: string, extra: Partial<SlurmExecutorConfig> = {}): SlurmExecutorConfig {
  return { kind: 'slurm', name, sharedDir: path.join(dir, `shared-${name}`), slurmConf: slurm.conf, ...extra };
}

/**
 * A node command that runs `script` (sh) before the real one: `"$@"` is this Node, the node entry and the
 * job folder. How the tests make a job wait, use memory, or lose sight of the shared folder.
 */
export function wrapped(script: string): string[] {
  return ['/bin/sh', '-c', script, 'sh', process.execPath, clusterNodeEntry()];
}

export function slurmCommand(slurm: TestSlurm, args: string[]): string {
  return execFileSync(args[0]!, args.slice(1), { env: { ...process.env, SLURM_CONF: slurm.conf }, encoding: 'utf8' });
}

/** SLURM's state of each job, by id (squeue --states=all). */
export function slurmStates(slurm: TestSlurm): Map<string, string> {
  const out = slurmCommand(slurm, ['squeue', '--noheader', '--states=all', '--format=%i|%T']);
  return new Map(out.split('\n').filter(Boolean).map((l) => l.split('|') as [string, string]));
}

export async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
