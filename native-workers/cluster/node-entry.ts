/**
 * Entry of a job on a cluster node (dist/workers/cluster-node.js, run by this Node on the node):
 * `node cluster-node.js JOB_FOLDER`, or `node cluster-node.js s3://…/JOB [--s3-endpoint URL]` (node-files.ts).
 * It runs the job exactly as a local worker would, against its own copy of the project snapshot, and speaks
 * the protocol through files instead of IPC: each message appended to messages.ndjson, the result (with what
 * the job wrote) put whole into result.json. SIGTERM (scancel, a Job deleted, TerminateJob, a time limit)
 * cancels cooperatively.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toErrorData } from '../../preload/contract/errors';
import type { WorkerJob } from '../protocol';
import { clusterPayload } from '../project/cluster';
import { connect } from '../project/open';
import { createContext, isCancel } from '../runtime/context';
import { folderFiles, s3Files, type NodeFiles } from './node-files';
import { isS3Uri } from './s3-job-files';
import { runNodeJob } from './node-jobs';

/** The job as it runs here: against the node's copy of the snapshot, and the run's columns file when there is one. */
function onNode(job: WorkerJob, projectPath: string, columns: string | undefined): WorkerJob {
  return { ...job, spec: { ...job.spec, projectPath, ...(columns !== undefined && job.kind.startsWith('train-') ? { columnsPath: columns } : {}) } } as WorkerJob;
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return Math.round((u.user + u.system) / 1000);
}

/** `JOB_FOLDER`, or `s3://…/JOB [--s3-endpoint URL]` for an executor whose storage is S3. */
async function main(argv: readonly string[]): Promise<number> {
  const where = argv[0] ?? '';
  const endpointAt = argv.indexOf('--s3-endpoint');
  const controller = new AbortController();
  process.on('SIGTERM', () => controller.abort());
  const local = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-node-'));
  let files: NodeFiles | null = null;
  try {
    files = isS3Uri(where) ? await s3Files(where, endpointAt >= 0 ? argv[endpointAt + 1] : undefined) : folderFiles(where);
    const file = await files.readJob();
    const work = path.join(local, 'project.assay');
    await files.fetch(file.snapshot, work);
    let columns = file.columns;
    if (columns !== undefined && isS3Uri(columns)) {
      await files.fetch(columns, path.join(local, 'columns.arrow'));
      columns = path.join(local, 'columns.arrow');
    }
    const job = onNode(file.job, work, columns);
    const out = files;
    const ctx = createContext(controller.signal, (msg) => out.send(msg));
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
      await files.writeResult(JSON.stringify({ ...payload, node: { startedAt: Math.round(performance.timeOrigin), endedAt: Date.now(), startupCpuMs: cpuMs(ready), jobCpuMs, cpuMs: cpuMs(process.cpuUsage()) } }));
      return 0;
    } catch (err) {
      files.send(isCancel(err) || controller.signal.aborted ? { type: 'cancelled' } : { type: 'failed', error: toErrorData(err) });
      await files.flush();
      return 1;
    }
  } catch (err) {
    // The job's files or the snapshot could not be read: storage the node cannot reach, most likely.
    const shared = isS3Uri(where) ? 'Check that the nodes can reach this S3 location (endpoint, network, credentials in their environment or AWS profile).' : 'Check that this folder is shared with the cluster\'s nodes at the same path.';
    const message = `The node ${os.hostname()} could not read the job's files in ${where}: ${err instanceof Error ? err.message : String(err)}. ${shared}`;
    try {
      if (!files) throw new Error('no storage');
      files.send({ type: 'failed', error: { code: 'CLUSTER', message } });
      await files.flush();
    } catch {
      process.stderr.write(`${message}\n`);
    }
    return 2;
  } finally {
    fs.rmSync(local, { recursive: true, force: true });
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
