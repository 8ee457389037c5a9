/**
 * A real SLURM cluster for tests and the bench: munged, slurmctld and slurmd from Debian's packages,
 * started with a config of their own in a temp folder (own ports, state, spool and munge socket) and
 * stopped after. One node with 2 CPUs: Debian's slurmd is not built for several daemons on one host, so
 * the second node would need network namespaces (not done; see the report).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../export/local-servers';

const binaries = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/squeue', '/usr/bin/scancel'];

/** Why a SLURM cluster cannot be started here, or null. CI installs the packages (.ci/run). */
export function slurmMissing(): string | null {
  const missing = binaries.filter((b) => !fs.existsSync(b));
  if (missing.length) return `SLURM is not installed here (missing ${missing.join(', ')}): apt-get install slurmctld slurmd slurm-client munge`;
  if (process.getuid?.() !== 0) return 'the test SLURM cluster runs its daemons as root (SlurmUser=root); run the tests as root';
  return null;
}

export interface TestSlurm {
  /** The slurm.conf the commands need (SLURM_CONF). */
  readonly conf: string;
  readonly dir: string;
  /** Stops slurmctld only (a controller that went away). */
  stopController(): void;
  stop(): void;
}

function pidIn(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function halt(pidFile: string): void {
  const pid = pidIn(pidFile);
  if (pid === null) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    spawnSync('sleep', ['0.1']);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

export async function startTestSlurm(): Promise<TestSlurm> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-slurm-'));
  for (const d of ['munge', 'state', 'spool', 'log']) fs.mkdirSync(path.join(dir, d), { mode: 0o700 });
  const key = path.join(dir, 'munge', 'munge.key');
  fs.writeFileSync(key, randomBytes(1024), { mode: 0o600 });
  const socket = path.join(dir, 'munge', 'socket');
  // --force: munged refuses root otherwise; this munge only serves this temp cluster.
  execFileSync('/usr/sbin/munged', ['--force', `--socket=${socket}`, `--key-file=${key}`, `--pid-file=${dir}/munge/pid`, `--log-file=${dir}/munge/log`, `--seed-file=${dir}/munge/seed`]);
  const host = os.hostname().split('.')[0]!;
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'slurm.conf');
  fs.writeFileSync(
    conf,
    [
      'ClusterName=assaytest',
      `SlurmctldHost=${host}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'MpiDefault=none',
      'ReturnToService=2',
      'SchedulerType=sched/builtin',
      // A pending job is looked at every second, not every 60 (SLURM's default main-loop interval): the
      // tests and the bench queue more jobs than the node has CPUs.
      'SchedulerParameters=sched_interval=1',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      // Finished jobs stay visible to squeue this long: their end state (TIMEOUT, OUT_OF_MEMORY) is read there.
      'MinJobAge=600',
      'KillWait=5',
      'SlurmctldTimeout=10',
      'SlurmdTimeout=10',
      'InactiveLimit=0',
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=2 RealMemory=2000 State=UNKNOWN`,
      `PartitionName=assay Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const stop = (): void => {
    halt(path.join(dir, 'slurmd.pid'));
    halt(path.join(dir, 'slurmctld.pid'));
    halt(path.join(dir, 'munge', 'pid'));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync('/usr/sbin/slurmctld', ['-f', conf], { env });
    execFileSync('/usr/sbin/slurmd', ['-f', conf], { env });
    // Ready when the node is idle: the controller heard from slurmd.
    const until = Date.now() + 30_000;
    for (;;) {
      const r = spawnSync('/usr/bin/sinfo', ['--noheader', '--format=%t'], { env, encoding: 'utf8' });
      if (r.stdout.trim() === 'idle') break;
      if (Date.now() > until) throw new Error(`The test SLURM node did not become idle (sinfo: ${r.stdout.trim() || r.stderr.trim()}); logs in ${dir}/log`);
      await new Promise((r2) => setTimeout(r2, 200));
    }
  } catch (err) {
    stop();
    throw err;
  }
  return { conf, dir, stopController: () => halt(path.join(dir, 'slurmctld.pid')), stop };
}
