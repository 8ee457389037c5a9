// /recommend latency in the app's model server (main/host/serving/model-server.ts, guards and all)
// for an ALS recommender on ../shared/data/debian_depends.csv (34,846 items, 64 factors):
// 200 requests/s for known users with 50 events/s interleaved (each event folds its user in),
// p50/p99 over keep-alive connections; against an in-run reference, a bare node:http server
// answering a precomputed list. Also: how often the request right after an event shows a
// changed list for that user (the fold-in is visible at once). One JSON line.
// `npm run bench -- recs-serving [--seconds 10] [--iterations 3]`
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { root, round, sharedData } from './lib.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const seconds = flag('--seconds', 10);
// Latency depends on factors × items, not on how long ALS trained: a few iterations keep the setup short.
const iterations = flag('--iterations', 3);
// CommonJS: the server's modules use __filename (worker-thread paths).
const bundle = path.join(root, 'dist', 'bench', 'recs-serving.cjs');

await build({
  stdin: {
    contents: [
      "export { ModelServer } from './main/host/serving/model-server';",
      "export { PredictionLog } from './main/host/serving/prediction-log';",
      "export { buildInteractions, trainModel } from './native-workers/ml/recs';",
      "export { LiveRecommender } from './native-workers/ml/recs/serving';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  outfile: bundle,
  logLevel: 'warning',
});
const R = createRequire(import.meta.url)(bundle);

const lines = fs.readFileSync(path.join(sharedData, 'debian_depends.csv'), 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
const users = [];
const items = [];
for (const l of lines) {
  const [u, i] = l.split(',');
  users.push(u);
  items.push(i);
}
const matrix = R.buildInteractions({ users, items }, { feedback: 'implicit' });
const t0 = performance.now();
const model = await R.trainModel('als', matrix, { factors: 64, iterations }, 0, null);
const trainSeconds = (performance.now() - t0) / 1000;
const live = new R.LiveRecommender({ model, userIds: matrix.userIds, history: matrix.byUser });
const server = await R.ModelServer.start({ primary: { kind: 'recs', model: 'debian', version: 1, live }, log: new R.PredictionLog(null) });

// The reference: the same request shape answered with a list computed once.
const precomputed = JSON.stringify(live.recommend({ user: matrix.userIds[0], k: 10, excludeSeen: true }));
const bare = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(precomputed) });
    res.end(precomputed);
  });
});
await new Promise((r) => bare.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${bare.address().port}`;

// The load runs in a child process (bench/recs-serving-client.mjs), as real clients would: in
// this process its own HTTP work would be counted as the server's latency.
const usersFile = path.join(root, 'dist', 'bench', 'recs-serving-users.json');
fs.writeFileSync(usersFile, JSON.stringify(matrix.userIds));
function client(mode, base, extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bench', 'recs-serving-client.mjs'), mode, base, usersFile, String(seconds), ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the load client exited with ${code}`))));
  });
}

/** CPU the server's process spent per /recommend or /events request during a load (load-independent, unlike wall latency). */
async function withCpu(run) {
  const c0 = process.cpuUsage();
  const r = await run();
  const c = process.cpuUsage(c0);
  return { ...r, cpuMsPerRequest: round((c.user + c.system) / 1000 / Math.max(1, r.requests + r.eventsSent), 3) };
}

await client('sequential', server.url, ['200']); // warm-up (JIT), not reported
const oneAtATime = await withCpu(() => client('sequential', server.url, ['500']));
const bareOneAtATime = await client('sequential', bareUrl, ['500']);
const ours = await withCpu(() => client('load', server.url, ['events']));
const reference = await client('load', bareUrl, ['none']);
await server.close();
bare.close();

// The event path's own cost, in this process (no HTTP): an event (the user's history copied and
// the item added), and the /recommend after it (the user folded in again from the cached YᵀY)
// against one for a user without events. Medians of CPU time over 300 users not touched by the load.
function cpuMs(fn) {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}
const eventMs = [];
const foldedMs = [];
const storedMs = [];
for (let n = 0; n < 300; n++) {
  const user = matrix.userIds[(n * 7919 + 13) % matrix.userIds.length];
  storedMs.push(cpuMs(() => live.recommend({ user, k: 10, excludeSeen: true })));
  eventMs.push(cpuMs(() => live.event({ user: `fresh-${n}`, item: matrix.itemIds[n] })) + cpuMs(() => live.event({ user, item: matrix.itemIds[n] })));
  foldedMs.push(cpuMs(() => live.recommend({ user, k: 10, excludeSeen: true })));
}
const median = (xs) => round(xs.sort((a, b) => a - b)[xs.length >> 1], 3);
console.log(
  JSON.stringify({
    bench: 'recs-serving',
    items: matrix.itemIds.length,
    users: matrix.userIds.length,
    factors: 64,
    trainSeconds: round(trainSeconds, 1),
    seconds,
    requests: ours.requests,
    cpuMsPerRequest: ours.cpuMsPerRequest,
    sequentialCpuMsPerRequest: oneAtATime.cpuMsPerRequest,
    p50Ms: ours.p50,
    p99Ms: ours.p99,
    referenceP50Ms: reference.p50,
    referenceP99Ms: reference.p99,
    sequentialP50Ms: oneAtATime.p50,
    sequentialP99Ms: oneAtATime.p99,
    referenceSequentialP50Ms: bareOneAtATime.p50,
    referenceSequentialP99Ms: bareOneAtATime.p99,
    events: ours.eventsSent,
    // The event's item was the user's top recommendation; after the event it is seen, so the next list must differ.
    nextRequestChanged: round(ours.changed / Math.max(1, ours.eventsSent), 3),
    // From sending the event to holding the changed list (the event's answer, then the next /recommend).
    eventToChangedP50Ms: ours.eventToChangedP50,
    eventToChangedP99Ms: ours.eventToChangedP99,
    // CPU of two events (a new user's, a known user's), then of /recommend for a folded-in user against a stored one.
    eventCpuMs: median(eventMs),
    foldedRecommendCpuMs: median(foldedMs),
    storedRecommendCpuMs: median(storedMs),
    load: round(os.loadavg()[0], 1),
  }),
);
