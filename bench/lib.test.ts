import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
// @ts-expect-error: the benchmarks are plain JavaScript, without type declarations.
import { serve, sessionHeaders, stop, tempHome } from './lib.mjs';

interface Served {
  readonly url: string;
  readonly child: import('node:child_process').ChildProcess;
}
const start = serve as (args: string[], home: string) => Promise<Served>;
const headers = sessionHeaders as (url: string) => Record<string, string>;
const home = (tempHome as () => string)();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

// The benchmarks talk to a real `assay serve` as the page does: a session they cannot open measures nothing.
describe('bench helpers', () => {
  it('open a WebSocket session on assay serve with the per-port token cookie', async () => {
    const { url, child } = await start([], home);
    try {
      const ws = new WebSocket(`${new URL(url).origin.replace('http', 'ws')}/ws`, { headers: headers(url) });
      const answer = await new Promise<string>((resolve, reject) => {
        ws.once('open', () => ws.send(JSON.stringify({ id: 1, channel: 'app:info', payload: null })));
        // Pushes (job:update of the backend probe) may come first.
        ws.on('message', (data) => {
          if ((JSON.parse(String(data)) as { id?: number }).id === 1) resolve(String(data));
        });
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.once('error', reject);
      });
      ws.close();
      expect(JSON.parse(answer)).toMatchObject({ id: 1, ok: true, result: { mode: 'browser' } });
    } finally {
      await (stop as (c: Served['child']) => Promise<void>)(child);
    }
  });

  it('leave no assay serve and no socat link behind when a bench fails', () => {
    // A bench that fails half-way: its server and pair were started, then it throws.
    const script = `
      import { serve, socatPair } from ${JSON.stringify(path.join(__dirname, 'lib.mjs'))};
      const pair = await socatPair(${JSON.stringify(home)}, 'failed');
      const { child } = await serve([], ${JSON.stringify(home)});
      console.log(JSON.stringify({ serve: child.pid, a: pair.a, b: pair.b }));
      throw new Error('the bench failed');`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toContain('the bench failed');
    const left = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { serve: number; a: string; b: string };
    // Left running, its serial stream would reopen the link and take the next run's pty (same /dev/pts number).
    const deadline = Date.now() + 10_000;
    while (alive(left.serve) && Date.now() < deadline) spawnSync('sleep', ['0.1']);
    expect(alive(left.serve)).toBe(false);
    expect(fs.existsSync(left.a) || fs.existsSync(left.b)).toBe(false);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
