/**
 * Entry of a job on a cluster node (dist/workers/cluster-node.js, run by this Node on the node):
 * `node cluster-node.js JOB_FOLDER`. It runs the job exactly as a local worker would, against its own copy
 * of the project snapshot, and speaks the protocol through files instead of IPC: each message appended
 * to messages.ndjson, the result (with what the job wrote) renamed into result.json. SIGTERM (scancel,
 * a Job deleted, TerminateJob, a time limit) cancels cooperatively.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toErrorData } from '../../preload/contract/errors';
import type { FromWorker, WorkerJob } from '../protocol';
import { clusterPayload } from '../project/cluster';
import { connect } from '../project/open';
import { createContext, isCancel } from '../runtime/context';
import { jobFolderPath, type ClusterJobFile } from './job-folder';
import { runNodeJob } from './node-jobs';

/** The job as it runs here: against the node's copy of the snapshot, and the run's columns file when there is one. */
function onNode(job: WorkerJob, projectPath: string, columns: string | undefined): WorkerJob {
  return { ...job, spec: { ...job.spec, projectPath, ...(columns !== undefined && job.kind.startsWith('train-') ? { columnsPath: columns } : {}) } } as WorkerJob;
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return Math.round((u.user + u.system) / 1000);
}

async function main(folder: string): Promise<number> {
  const send = (msg: FromWorker): void => fs.appendFileSync(jobFolderPath(folder, 'messages'), `${JSON.stringify(msg)}\n`);
  const controller = new AbortController();
  process.on('SIGTERM', () => controller.abort());
  const local = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-node-'));
  try {
    const file = JSON.parse(fs.readFileSync(jobFolderPath(folder, 'job'), 'utf8')) as ClusterJobFile;
    const work = path.join(local, 'project.assay');
    fs.copyFileSync(file.snapshot, work);
    const job = onNode(file.job, work, file.columns);
    const ctx = createContext(controller.signal, send);
    // CPU, not wall: on a loaded node the wall clock says more about the neighbours than about this start-up.
    const ready = process.cpuUsage();
    try {
      const result = await runNodeJob(job, ctx);
      const jobCpuMs = cpuMs(process.cpuUsage(ready));
      const db = connect(work, true);
      const payload = (() => {
        try {
          return clusterPayload(db, job, result);
        } finally {
          db.close();
        }
      })();
      const tmp = `${jobFolderPath(folder, 'result')}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ ...payload, node: { startedAt: Math.round(performance.timeOrigin), endedAt: Date.now(), startupCpuMs: cpuMs(ready), jobCpuMs, cpuMs: cpuMs(process.cpuUsage()) } }));
      fs.renameSync(tmp, jobFolderPath(folder, 'result'));
      return 0;
    } catch (err) {
      send(isCancel(err) || controller.signal.aborted ? { type: 'cancelled' } : { type: 'failed', error: toErrorData(err) });
      return 1;
    }
  } catch (err) {
    // The job folder or the snapshot could not be read: storage the node cannot reach, most likely.
    const message = `The node ${os.hostname()} could not read the job's files in ${folder}: ${err instanceof Error ? err.message : String(err)}. Check that this folder is shared with the cluster's nodes at the same path.`;
    try {
      send({ type: 'failed', error: { code: 'CLUSTER', message } });
    } catch {
      process.stderr.write(`${message}\n`);
    }
    return 2;
  } finally {
    fs.rmSync(local, { recursive: true, force: true });
  }
}

void main(process.argv[2] ?? '').then((code) => process.exit(code));
