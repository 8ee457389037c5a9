import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromWorker } from '../../native-workers/protocol';
import { fake, FakeUtilityProcess } from './fake-electron';
import { utilityLauncher } from './utility-launcher';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => fake.reset());

function launch() {
  const handle = utilityLauncher('/app/dist/workers/worker.js');
  const forked = FakeUtilityProcess.forked[0];
  if (!forked) throw new Error('nothing forked');
  return { handle, ...forked };
}

describe('utilityLauncher', () => {
  it('forks the entry as a named utility process with piped stdio', () => {
    const { entry, args, options } = launch();
    expect(entry).toBe('/app/dist/workers/worker.js');
    expect(args).toEqual([]);
    expect(options).toMatchObject({ serviceName: 'assay-worker', stdio: 'pipe' });
    expect((options['env'] as Record<string, string>)['ASSAY_WORKER']).toBe('1');
  });

  it('holds messages until spawn, then posts them in order', () => {
    const { handle, child } = launch();
    handle.send({ type: 'start', jobId: 'j1', job: { kind: 'probe-backend', spec: {} } });
    expect(child.postMessage).not.toHaveBeenCalled();
    child.pid = 4242;
    child.emit('spawn');
    handle.send({ type: 'cancel' });
    expect(child.postMessage.mock.calls.map((c) => (c[0] as { type: string }).type)).toEqual(['start', 'cancel']);
    expect(handle.pid).toBe(4242);
  });

  it('delivers worker messages', () => {
    const { handle, child } = launch();
    const seen: FromWorker[] = [];
    handle.onMessage((msg) => seen.push(msg));
    child.emit('message', { type: 'progress', progress: { kind: 'import', value: 0.5, title: 't', detail: '' } });
    child.emit('message', { type: 'result', result: { steps: 3 } });
    expect(seen.map((m) => m.type)).toEqual(['progress', 'result']);
  });

  it('reports an exit with the tail of stderr, and stops sending and killing after it', async () => {
    const { handle, child } = launch();
    const exits: [number | null, string][] = [];
    handle.onExit((code, reason) => exits.push([code, reason]));
    child.stderr.write('loading\nError: Cannot find module better_sqlite3.node\n');
    await new Promise((resolve) => setImmediate(resolve));
    child.emit('exit', 1);
    expect(exits).toEqual([[1, 'the worker process exited with code 1: loading | Error: Cannot find module better_sqlite3.node']]);
    handle.send({ type: 'cancel' });
    handle.kill();
    expect(child.postMessage).not.toHaveBeenCalled();
    expect(child.kill).not.toHaveBeenCalled();
  });

  it('includes a fatal error report and kills a live process', () => {
    const { handle, child } = launch();
    const exits: string[] = [];
    handle.onExit((_code, reason) => exits.push(reason));
    handle.kill();
    expect(child.kill).toHaveBeenCalledTimes(1);
    child.emit('error', 'FatalError', 'worker.js:1', 'report');
    child.emit('exit', 134);
    expect(exits).toEqual(['the worker process exited with code 134: FatalError at worker.js:1']);
  });
});
