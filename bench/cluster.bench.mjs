// A 40-trial random search on the churn data through SLURM against the same search run locally, in the
// same run (`assay train --validation holdout --search random --iterations 40`). Locally the search runs
// inside the one fold's job (today's path); through SLURM each trial is a SLURM job of its own (then the
// fold fits with the best). SLURM is the test cluster of main/host/jobs/executors/slurm-testing.ts
// (munged + slurmctld + two slurmd with one CPU each, the second in a network namespace; started here and
// stopped after), so this measures the executor's own cost: per job, submit → start (queue), and submit →
// merged minus the job's own compute time (overhead; goal < 2 s). Needs SLURM installed and root (as the tests).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { cli, median, root, round, sharedData, tempHome } from './lib.mjs';

async function loadSlurmTesting() {
  const { build } = await import('esbuild');
  // CommonJS: the module finds the repository through __dirname.
  const outfile = path.join(root, 'dist', 'bench', 'slurm-testing.cjs');
  await build({ entryPoints: [path.join(root, 'main/host/jobs/executors/slurm-testing.ts')], bundle: true, packages: 'external', platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

/** Runs the CLI under GNU time: its output, and the host process's CPU seconds (user + system). */
function runTimed(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'assay-cpu %U %S', process.execPath, cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => {
      const cpu = /assay-cpu ([\d.]+) ([\d.]+)/.exec(err);
      if (code !== 0) return reject(new Error(`assay ${args[0]} exited ${code}: ${err.slice(-500)}`));
      resolve({ out, cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : null });
    });
  });
}

const run = async (args, env) => (await runTimed(args, env)).out;

const { slurmMissing, startTestSlurm } = await loadSlurmTesting();
const missing = slurmMissing();
if (missing) {
  console.log(JSON.stringify({ bench: 'cluster', skipped: missing }));
  process.exit(0);
}
const trials = Number(process.env.CLUSTER_BENCH_TRIALS ?? 40);
const slurm = await startTestSlurm({ nodes: 2 });
try {
  const home = tempHome();
  const shared = path.join(home, 'shared');
  fs.mkdirSync(path.join(home, 'config'), { recursive: true });
  fs.writeFileSync(path.join(home, 'config', 'compute.json'), JSON.stringify({ executors: [{ kind: 'slurm', name: 'lab', sharedDir: shared, slurmConf: slurm.conf }], defaultExecutor: 'local' }));
  const timings = path.join(home, 'timings.ndjson');
  const env = { ASSAY_HOME: home, ASSAY_CLUSTER_TIMINGS: timings };
  const project = path.join(home, 'cluster.assay');
  await run(['new', project], env);
  await run(['import', project, path.join(sharedData, 'mlc_churn.csv'), '--name', 'churn'], env);
  const spec = ['train', project, '--dataset', 'churn', '--target', 'churn', '--model', 'tree', '--validation', 'holdout', '--seed', '11', '--json',
    '--search', 'random', '--space', 'max_depth=2,3,4,5,6,7,8,10,12,14', '--space', 'min_samples_leaf=1,2,5,10,20,50', '--iterations', String(trials), '--inner-k', '3'];
  const hostCpuS = {};
  const train = async (executor) => {
    const { out, cpuS } = await runTimed([...spec, '--executor', executor], env);
    hostCpuS[executor] = cpuS;
    return JSON.parse(out.trim().split('\n').pop());
  };
  const local = await train('local');
  const onSlurm = await train('lab');
  const jobs = fs.readFileSync(timings, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const computeS = jobs.map((j) => j.computeSeconds ?? 0);
  // The executor's cost per job, whatever the queue: the CPU-slot time the jobs held beyond their own compute
  // (submit, scheduling, Node start on the node, snapshot copy, poll, merge), over the nodes' 2 CPUs.
  const overheadPerJobS = (onSlurm.timings.folds * 2 - sum(computeS)) / jobs.length;
  // One job's latencies: submit → its process starts, for the first wave (CPUs free); its end → merged.
  const timed = jobs.filter((j) => j.node).sort((a, b) => a.submittedAt - b.submittedAt);
  const startLatencyS = timed.slice(0, 2).map((j) => round((j.node.startedAt - j.submittedAt) / 1000, 3));
  const mergeLatencyS = timed.map((j) => (j.mergedAt - j.node.endedAt) / 1000);
  const nodeStartupS = timed.map((j) => (j.node.endedAt - j.node.startedAt) / 1000 - (j.computeSeconds ?? 0));
  const trialCompute = computeS.slice(0, trials);
  // CPU of each job's process on its node (the node entry reports it): before the job began, and in all.
  const startupCpuMs = timed.filter((j) => j.node.startupCpuMs !== undefined).map((j) => j.node.startupCpuMs);
  const withCpu = timed.filter((j) => j.node.cpuMs !== undefined);
  // The node's own cost in CPU, whatever the load: its process's CPU beyond the job's (start-up, the result file).
  const nodeOverheadCpuMs = withCpu.map((j) => j.node.cpuMs - j.node.jobCpuMs);
  const jobCpuMs = withCpu.map((j) => j.node.jobCpuMs);
  console.log(
    JSON.stringify({
      bench: 'cluster',
      trials,
      slurmJobs: jobs.length,
      cores: os.cpus().length,
      slurmNodes: 2,
      slurmCpus: 2,
      localRunS: round(local.seconds, 2),
      slurmRunS: round(onSlurm.seconds, 2),
      localCvS: round(local.timings.folds, 2),
      slurmCvS: round(onSlurm.timings.folds, 2),
      overheadPerJobS: round(overheadPerJobS, 3),
      startLatencyFirstWaveS: startLatencyS,
      mergeLatencyMedianS: round(median(mergeLatencyS), 3),
      nodeStartupMedianS: round(median(nodeStartupS), 3),
      computePerTrialMeanS: round(sum(trialCompute) / trialCompute.length, 3),
      nodeStartupCpuMedianMs: startupCpuMs.length ? median(startupCpuMs) : null,
      nodeOverheadCpuMedianMs: nodeOverheadCpuMs.length ? median(nodeOverheadCpuMs) : null,
      jobCpuMedianMs: jobCpuMs.length ? median(jobCpuMs) : null,
      hostCpuLocalS: hostCpuS.local,
      hostCpuSlurmS: hostCpuS.lab,
      identicalMetrics: JSON.stringify(local.metrics) === JSON.stringify(onSlurm.metrics) && JSON.stringify(local.test) === JSON.stringify(onSlurm.test),
      load: os.loadavg().map((l) => round(l, 1)),
    }),
  );
} finally {
  slurm.stop();
}
