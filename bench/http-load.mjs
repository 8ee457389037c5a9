// The serving benches' load generator: single-row POSTs on keep-alive
// connections, open loop at a fixed rate, latencies as the client sees them.
import http from 'node:http';
import { percentile, round } from './lib.mjs';

export function post(agent, url, body) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', () => resolve({ ok: false, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    req.end(body);
  });
}

/** Open loop: request k is sent at k/rate s after the start, whether or not earlier ones have returned; the first warmupS seconds are not measured. */
export async function load(url, bodyOf, { rate, seconds, warmupS = 1 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(rate * (seconds + warmupS));
  const latencies = [];
  let errors = 0;
  let sent = 0;
  const pending = [];
  const t0 = performance.now();
  let measuredStart = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    for (; sent < due; sent++) {
      const warm = sent < rate * warmupS;
      if (sent === Math.round(rate * warmupS)) measuredStart = performance.now();
      pending.push(post(agent, url, bodyOf(sent)).then((r) => {
        if (warm) return;
        if (r.ok) latencies.push(r.ms);
        else errors++;
      }));
    }
    // Sleep to the next millisecond rather than spin: on a small machine a spinning generator steals the server's core.
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - measuredStart) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { achievedRps: round(latencies.length / elapsed, 1), p50Ms: round(percentile(latencies, 50), 3), p99Ms: round(percentile(latencies, 99), 3), errors };
}
