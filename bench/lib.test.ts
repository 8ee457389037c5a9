import fs from 'node:fs';
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
});
