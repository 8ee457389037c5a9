/**
 * Worker processes under Electron: utilityProcess rather than
 * child_process.fork, since fork() from the main process would start another
 * copy of the Electron app, while a utility process is a plain Node
 * environment that Chromium's process model knows about.
 */
import { utilityProcess } from 'electron';
import type { FromWorker, ToWorker } from '../../native-workers/protocol';
import { workerV8Flags, type WorkerLauncher } from '../host/jobs/launcher';

const stderrTailBytes = 4000;

export const utilityLauncher: WorkerLauncher = (entry) => {
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'assay-worker',
    stdio: 'pipe',
    env: { ...process.env, ASSAY_WORKER: '1' },
    execArgv: [...workerV8Flags],
  });
  let stderrTail = '';
  let fatal = '';
  let spawned = false;
  let exited = false;
  // Hold messages until the process is up rather than rely on Electron queueing them.
  const pending: ToWorker[] = [];
  child.stderr?.on('data', (chunk: Buffer | string) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-stderrTailBytes);
  });
  // stdout is unread; drain it so a chatty worker never blocks on a full pipe.
  child.stdout?.resume();
  child.once('spawn', () => {
    spawned = true;
    for (const msg of pending.splice(0)) child.postMessage(msg);
  });
  child.on('error', (type, location) => {
    fatal = `${type} at ${location}`;
  });
  child.once('exit', () => {
    exited = true;
  });
  return {
    get pid() {
      return child.pid;
    },
    send(msg) {
      if (exited) return;
      if (spawned) child.postMessage(msg);
      else pending.push(msg);
    },
    onMessage(listener) {
      child.on('message', (msg: unknown) => listener(msg as FromWorker));
    },
    onExit(listener) {
      child.once('exit', (code) => {
        const how = `exited with code ${code}`;
        const tail = [fatal, ...stderrTail.trim().split('\n').slice(-3)].filter(Boolean).join(' | ');
        listener(code, tail ? `the worker process ${how}: ${tail}` : `the worker process ${how}`);
      });
    },
    kill() {
      if (!exited) child.kill();
    },
  };
};
