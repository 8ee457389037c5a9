/**
 * A real SLURM cluster for tests and the bench: munged, slurmctld and slurmd from Debian's packages,
 * started with a config of their own in a temp folder (own ports, state, spool and munge socket) and
 * stopped after. One node with 2 CPUs, or two nodes with one CPU each, the second in a network namespace
 * (`nodes: 2`).
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

/** A second node's network: a namespace joined to this one by a veth pair, each end with its own address. */
interface NodeNetwork {
  readonly ns: string;
  /** This side's address (the controller's and the first node's). */
  readonly here: string;
  /** The second node's address, inside the namespace. */
  readonly there: string;
  remove(): void;
}

function ip(...args: string[]): void {
  execFileSync('/usr/sbin/ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Makes the network the second slurmd lives in. Debian's slurmd is not built to run several on one host
 * (--enable-multiple-slurmd), but two on one host in different network namespaces are two hosts to it.
 * Names and a /30 subnet are random, so clusters of tests running at once do not meet.
 */
function nodeNetwork(): NodeNetwork {
  const tag = randomBytes(3).toString('hex');
  const used = execFileSync('/usr/sbin/ip', ['-o', '-4', 'addr'], { encoding: 'utf8' });
  let prefix = '';
  do prefix = `10.${200 + randomBytes(1)[0]! % 50}.${randomBytes(1)[0]}.${4 * (randomBytes(1)[0]! % 60)}`;
  while (used.includes(` ${prefix.split('.').slice(0, 3).join('.')}.`));
  const base = prefix.split('.').map(Number);
  const addr = (n: number): string => [...base.slice(0, 3), base[3]! + n].join('.');
  const net = { ns: `assay-${tag}`, here: addr(1), there: addr(2) };
  const [a, b] = [`as${tag}a`, `as${tag}b`];
  const remove = (): void => {
    try {
      ip('netns', 'del', net.ns);
    } catch {
      // not made
    }
    try {
      ip('link', 'del', a);
    } catch {
      // gone with the namespace
    }
  };
  try {
    ip('netns', 'add', net.ns);
    ip('link', 'add', a, 'type', 'veth', 'peer', 'name', b);
    ip('link', 'set', b, 'netns', net.ns);
    ip('addr', 'add', `${net.here}/30`, 'dev', a);
    ip('link', 'set', a, 'up');
    ip('netns', 'exec', net.ns, '/usr/sbin/ip', 'addr', 'add', `${net.there}/30`, 'dev', b);
    ip('netns', 'exec', net.ns, '/usr/sbin/ip', 'link', 'set', b, 'up');
    ip('netns', 'exec', net.ns, '/usr/sbin/ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    remove();
    throw new Error(`Could not make a network namespace for the second SLURM node (${(err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message}); start the test cluster with one node`);
  }
  return { ...net, remove };
}

export interface TestSlurmOptions {
  /**
   * 2: a second slurmd in a network namespace of its own (one CPU each); 1 (default): one node with 2 CPUs.
   * Node loss is tested with one node (loseNode kills the first node's slurmd).
   */
  readonly nodes?: 1 | 2;
}

/** The node names of a test cluster (sinfo, squeue %N). */
export const secondNode = 'assaynode2';

/**
 * A job's slurmstepd outlives slurmd (as it must on a real node) and waits to report its job's end: left
 * behind, it would wait for good once the cluster is gone. It runs in the cluster's folder (its log's).
 */
function stepsIn(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(dir) && /slurmstepd/.test(commandLine(pid));
      } catch {
        return false;
      }
    });
}

export async function startTestSlurm(opts: TestSlurmOptions = {}): Promise<TestSlurm> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-slurm-'));
  for (const d of ['munge', 'state', 'spool', 'log']) fs.mkdirSync(path.join(dir, d), { mode: 0o700 });
  const key = path.join(dir, 'munge', 'munge.key');
  fs.writeFileSync(key, randomBytes(1024), { mode: 0o600 });
  const socket = path.join(dir, 'munge', 'socket');
  // --force: munged refuses root otherwise; this munge only serves this temp cluster.
  execFileSync('/usr/sbin/munged', ['--force', `--socket=${socket}`, `--key-file=${key}`, `--pid-file=${dir}/munge/pid`, `--log-file=${dir}/munge/log`, `--seed-file=${dir}/munge/seed`]);
  const host = os.hostname().split('.')[0]!;
  let net: NodeNetwork | null = null;
  try {
    if (opts.nodes === 2) net = nodeNetwork();
  } catch (err) {
    halt(path.join(dir, 'munge', 'pid'));
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const here = net?.here ?? '127.0.0.1';
  const cpus = net ? 1 : 2;
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'slurm.conf');
  const nodes = net
    ? [`NodeName=${host} NodeAddr=${here} CPUs=${cpus} RealMemory=4000 State=UNKNOWN`, `NodeName=${secondNode} NodeAddr=${net.there} CPUs=${cpus} RealMemory=4000 State=UNKNOWN`]
    : [`NodeName=${host} NodeAddr=${here} CPUs=${cpus} RealMemory=4000 State=UNKNOWN`];
  fs.writeFileSync(
    conf,
    [
      'ClusterName=assaytest',
      `SlurmctldHost=${host}(${here})`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool/%n`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd-%n.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd-%n.log`,
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
      ...nodes,
      `PartitionName=assay Nodes=${host}${net ? `,${secondNode}` : ''} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const slurmdPid = (node: string): string => path.join(dir, `slurmd-${node}.pid`);
  const startNode = (): void => void execFileSync('/usr/sbin/slurmd', ['-f', conf, '-N', host], { env });
  const stop = (): void => {
    halt(slurmdPid(host));
    halt(slurmdPid(secondNode));
    halt(path.join(dir, 'slurmctld.pid'));
    halt(path.join(dir, 'munge', 'pid'));
    for (const pid of stepsIn(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // ended meanwhile
      }
    }
    net?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync('/usr/sbin/slurmctld', ['-f', conf], { env });
    startNode();
    // nsenter, not `ip netns exec`: that one also mounts a fresh /sys, without the cgroup tree slurmd wants.
    if (net) execFileSync('/usr/bin/nsenter', [`--net=/run/netns/${net.ns}`, '/usr/sbin/slurmd', '-f', conf, '-N', secondNode], { env });
    // Ready when every node is idle: the controller heard from each slurmd.
    const until = Date.now() + 30_000;
    for (;;) {
      const r = spawnSync('/usr/bin/sinfo', ['--noheader', '--format=%t %D'], { env, encoding: 'utf8' });
      if (r.stdout.trim() === `idle ${nodes.length}`) break;
      if (Date.now() > until) throw new Error(`The test SLURM nodes did not become idle (sinfo: ${r.stdout.trim() || r.stderr.trim()}); logs in ${dir}/log`);
      await new Promise((r2) => setTimeout(r2, 200));
    }
  } catch (err) {
    // The daemons log to files, which go with the temp folder: keep their last lines in the error.
    const logs = fs.readdirSync(path.join(dir, 'log')).map((f) => `${f}: ${fs.readFileSync(path.join(dir, 'log', f), 'utf8').trim().split('\n').slice(-4).join(' | ')}`);
    stop();
    throw new Error(`${(err as Error).message.trim()}\n${logs.join('\n')}`);
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
      for (const pid of [...steps, pidIn(slurmdPid(host)) ?? 0, ...victims]) {
        try {
          if (pid > 0) process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
    },
    startNode,
    stop,
  };
}
