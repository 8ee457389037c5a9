import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SlurmExecutorConfig } from '../../../../preload/contract/compute';
import { jobFolderPath } from '../../../../native-workers/host-api';
import type { Scheduler, SchedulerState, SubmitRequest } from './scheduler';

interface Ran {
  readonly stdout: string;
  readonly stderr: string;
}

/** Shell-quotes one word for the batch script. */
function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** SLURM's states (squeue %T) in ours. */
function phaseOf(raw: string): SchedulerState['phase'] {
  switch (raw) {
    case 'PENDING':
    case 'CONFIGURING':
    case 'REQUEUED':
    case 'REQUEUE_FED':
    case 'REQUEUE_HOLD':
    case 'RESV_DEL_HOLD':
    case 'SUSPENDED':
      return 'queued';
    case 'RUNNING':
    case 'COMPLETING':
    case 'STAGE_OUT':
    case 'SIGNALING':
    case 'RESIZING':
      return 'running';
    case 'COMPLETED':
      return 'succeeded';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return 'failed';
  }
}

/**
 * SLURM through its own commands (sbatch, squeue, scancel), so its own authentication (munge) and
 * configuration (SLURM_CONF, or the config the commands find) apply as for the user's own jobs.
 * Each job runs a one-line batch script in its folder; its stdout and stderr go to job.log there.
 */
export class SlurmScheduler implements Scheduler {
  readonly label = 'SLURM';
  private readonly config: SlurmExecutorConfig;

  constructor(config: SlurmExecutorConfig) {
    this.config = config;
  }

  private run(command: 'sbatch' | 'squeue' | 'scancel', args: readonly string[]): Promise<Ran> {
    const bin = this.config.binDir ? path.join(this.config.binDir, command) : command;
    const env = this.config.slurmConf ? { ...process.env, SLURM_CONF: this.config.slurmConf } : process.env;
    return new Promise((resolve, reject) => {
      execFile(bin, args, { env, timeout: 30_000 }, (err, stdout, stderr) => {
        if (!err) return resolve({ stdout, stderr });
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          return reject(new Error(`${bin} was not found: install SLURM's client commands on this machine, or set the executor's bin folder (Settings → Compute)`));
        }
        const said = stderr.trim().split('\n').slice(-2).join(' ') || err.message;
        reject(new Error(`${command} failed: ${said}${/contact|connect|timed out|Connection refused/i.test(said) ? ' — is the SLURM controller up and reachable from here?' : ''}`));
      });
    });
  }

  async submit(req: SubmitRequest): Promise<string> {
    const script = path.join(req.folder, 'job.sh');
    // ELECTRON_RUN_AS_NODE: when the host is the desktop app, its executable runs the worker as plain Node.
    fs.writeFileSync(script, `#!/bin/sh\nexport ELECTRON_RUN_AS_NODE=1\nexec ${req.command.map(quote).join(' ')}\n`, { mode: 0o755 });
    const c = this.config;
    const args = [
      '--parsable',
      // A job whose node is lost is resubmitted by the executor, once, into a fresh folder (cluster.ts):
      // SLURM's own requeue would run it again in the same folder, unseen.
      '--no-requeue',
      `--job-name=${req.name.replace(/[^\w.-]/g, '_')}`,
      `--output=${jobFolderPath(req.folder, 'log')}`,
      `--chdir=${req.folder}`,
      `--cpus-per-task=${c.cpusPerTask ?? 1}`,
      ...(c.partition ? [`--partition=${c.partition}`] : []),
      ...(c.account ? [`--account=${c.account}`] : []),
      ...(c.timeLimit ? [`--time=${c.timeLimit}`] : []),
      ...(c.memory ? [`--mem=${c.memory}`] : []),
      script,
    ];
    const { stdout } = await this.run('sbatch', args);
    // --parsable prints "ID" or "ID;CLUSTER".
    const id = stdout.trim().split(';')[0] ?? '';
    if (!/^\d+$/.test(id)) throw new Error(`sbatch answered "${stdout.trim()}" instead of a job id`);
    return id;
  }

  async poll(ids: readonly string[]): Promise<ReadonlyMap<string, SchedulerState>> {
    const out = new Map<string, SchedulerState>();
    if (ids.length === 0) return out;
    // --states=all keeps finished jobs (for MinJobAge) so their end state — TIMEOUT, OUT_OF_MEMORY — is seen.
    const { stdout } = await this.run('squeue', ['--noheader', '--states=all', '--format=%i|%T|%r', `--jobs=${ids.join(',')}`]).catch((err: Error) => {
      // One id SLURM has forgotten makes squeue fail for the whole list; the others are asked one by one then.
      if (/Invalid job id/i.test(err.message) && ids.length > 1) return this.pollEach(ids);
      if (/Invalid job id/i.test(err.message)) return { stdout: '', stderr: '' };
      throw err;
    });
    for (const line of stdout.split('\n')) {
      const [id, raw, reason] = line.trim().split('|');
      if (!id || !raw) continue;
      out.set(id, { phase: phaseOf(raw), raw, reason: reason && reason !== 'None' ? reason : null });
    }
    return out;
  }

  private async pollEach(ids: readonly string[]): Promise<Ran> {
    const lines: string[] = [];
    for (const id of ids) {
      const one = await this.poll([id]);
      for (const [k, s] of one) lines.push(`${k}|${s.raw}|${s.reason ?? 'None'}`);
    }
    return { stdout: lines.join('\n'), stderr: '' };
  }

  async cancel(id: string): Promise<void> {
    await this.run('scancel', [id]);
  }
}
