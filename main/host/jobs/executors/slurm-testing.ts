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
  /** Starts slurmctld again, recovering its saved state (its jobs go on). */
  startController(): void;
  /**
   * A node lost mid-job: slurmd, and the job whose command line names `jobMarker` (its slurmstepd and
   * processes), killed at once, as a machine that lost power. The controller marks the job NODE_FAIL once
   * the node has not answered for SlurmdTimeout.
   */
  loseNode(jobMarker: string): void;
  /** Starts slurmd again (ReturnToService=2: the node comes back once it registers). */
  startNode(): void;
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

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function parentOf(pid: number): number | null {
  try {
    // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** The processes whose command line contains `marker` (a unique temp path), this test's own, and their children. */
function processesNaming(marker: string): number[] {
  const all = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
    .map(Number);
  const named = all.filter((pid) => commandLine(pid).includes(marker));
  return [...named, ...all.filter((pid) => named.includes(parentOf(pid) ?? -1) && !named.includes(pid))];
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
      // Memory is a consumable resource, so a job's --mem is its limit (OverMemoryKill acts only then); a job
      // without --mem gets 2 GB a CPU.
      'SelectTypeParameters=CR_Core_Memory',
      'DefMemPerCPU=2000',
      'MpiDefault=none',
      'ReturnToService=2',
      'SchedulerType=sched/builtin',
      // A pending job is looked at every second, not every 60 (SLURM's default main-loop interval): the
      // tests and the bench queue more jobs than the node has CPUs.
      'SchedulerParameters=sched_interval=1',
      // Memory is sampled every second and a job over its --mem is killed (OUT_OF_MEMORY), as a site that
      // enforces memory without cgroups does.
      'JobAcctGatherType=jobacct_gather/linux',
      'JobAcctGatherFrequency=task=1',
      'JobAcctGatherParams=OverMemoryKill',
      'AccountingStorageType=accounting_storage/none',
      // Finished jobs stay visible to squeue this long: their end state (TIMEOUT, OUT_OF_MEMORY) is read there.
      'MinJobAge=600',
      // A job past its time limit gets SIGTERM, then SIGKILL this many seconds later (SLURM checks limits every 30 s).
      'KillWait=2',
      // A client command retries a controller it cannot reach once a second for MessageTimeout (default 10 s):
      // the tests of a lost controller hear of it sooner.
      'MessageTimeout=5',
      'SlurmctldTimeout=10',
      'SlurmdTimeout=10',
      'InactiveLimit=0',
      `NodeName=${host} NodeAddr=127.0.0.1 CPUs=2 RealMemory=4000 State=UNKNOWN`,
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
  return {
    conf,
    dir,
    stopController: () => halt(path.join(dir, 'slurmctld.pid')),
    startController: () => execFileSync('/usr/sbin/slurmctld', ['-f', conf], { env }),
    loseNode: (jobMarker) => {
      const victims = processesNaming(jobMarker);
      if (victims.length === 0) throw new Error(`No process names ${jobMarker}: the job is not running`);
      // The job's slurmstepd first: left alive, it would report the job's end to the controller itself.
      const steps = victims.map(parentOf).filter((p): p is number => p !== null && /slurmstepd/.test(commandLine(p)));
      for (const pid of [...steps, pidIn(path.join(dir, 'slurmd.pid')) ?? 0, ...victims]) {
        try {
          if (pid > 0) process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    },
    startNode: () => execFileSync('/usr/sbin/slurmd', ['-f', conf], { env }),
    stop,
  };
}
