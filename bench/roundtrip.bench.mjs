// Contract round trip over the browser-mode WebSocket (app:info), p50/p99, against a bare
// `ws` echo server on the same machine in the same run. Goal: p99 < 5 ms.
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { percentile, round, serve, sessionHeaders, stop, tempHome } from './lib.mjs';

const calls = 3000;
const warmup = 300;

function open(url, headers) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function measure(ws, makeMessage) {
  const times = [];
  for (let i = 0; i < warmup + calls; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise((resolve) => {
      ws.once('message', resolve);
      ws.send(makeMessage(i));
    });
    if (i >= warmup) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

const home = tempHome();
const { url, child } = await serve([], home);
const ws = await open(`${new URL(url).origin.replace('http', 'ws')}/ws`, sessionHeaders(url));
const assay = await measure(ws, (i) => JSON.stringify({ id: i, channel: 'app:info', payload: null }));
ws.close();
await stop(child);

const server = http.createServer();
const echo = new WebSocketServer({ server });
echo.on('connection', (s) => s.on('message', (m) => s.send(String(m))));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const ref = await open(`ws://127.0.0.1:${server.address().port}`);
const bare = await measure(ref, (i) => JSON.stringify({ id: i, channel: 'app:info', payload: null }));
ref.close();
echo.close();
server.close();

console.log(JSON.stringify({
  bench: 'roundtrip',
  calls,
  p50Ms: round(percentile(assay, 50), 3),
  p99Ms: round(percentile(assay, 99), 3),
  referenceEchoP50Ms: round(percentile(bare, 50), 3),
  referenceEchoP99Ms: round(percentile(bare, 99), 3),
  ratioP50: round(percentile(assay, 50) / percentile(bare, 50)),
  goalP99Ms: 5,
  meetsGoal: percentile(assay, 99) < 5,
}));
