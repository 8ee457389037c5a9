// /recommend latency in the app's model server (main/host/serving/model-server.ts, guards and all)
// for an ALS recommender on ../shared/data/debian_depends.csv (34,846 items, 64 factors):
// 200 requests/s for known users with 50 events/s interleaved (each event folds its user in),
// p50/p99 over keep-alive connections; against an in-run reference, a bare node:http server
// answering a precomputed list. Also: how often the request right after an event shows a
// changed list for that user (the fold-in is visible at once). One JSON line.
// `npm run bench -- recs-serving [--seconds 10] [--iterations 3]`
import { build } from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { percentile, root, round, sharedData } from './lib.mjs';

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

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function post(url, body) {
  const data = JSON.stringify(body);
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

let seed = 7;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

/** Open loop: a request every 5 ms (200/s), an event every 20 ms (50/s) followed by that user's next request. */
async function load(base, withEvents) {
  const latencies = [];
  const pending = [];
  let changed = 0;
  let eventsSent = 0;
  const start = performance.now();
  for (let n = 0; performance.now() - start < seconds * 1000; n++) {
    const due = start + n * 5;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const user = matrix.userIds[rand(matrix.userIds.length)];
    if (withEvents && n % 4 === 0) {
      eventsSent++;
      pending.push(
        (async () => {
          const before = await post(`${base}/recommend`, { user, k: 10 });
          latencies.push(before.ms);
          await post(`${base}/events`, { user, item: before.json.items[0].item });
          const after = await post(`${base}/recommend`, { user, k: 10 });
          latencies.push(after.ms);
          if (after.json.items[0].item !== before.json.items[0].item) changed++;
        })(),
      );
    } else {
      pending.push(post(`${base}/recommend`, { user, k: 10 }).then((r) => latencies.push(r.ms)));
    }
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, p50: round(percentile(latencies, 50), 3), p99: round(percentile(latencies, 99), 3), eventsSent, changed };
}

/** Closed loop: one request at a time, so the figure is the service time without queueing (a loaded machine cannot hold 200/s open-loop). */
async function sequential(base, n) {
  const ms = [];
  for (let i = 0; i < n; i++) ms.push((await post(`${base}/recommend`, { user: matrix.userIds[rand(matrix.userIds.length)], k: 10 })).ms);
  ms.sort((a, b) => a - b);
  return { p50: round(percentile(ms, 50), 3), p99: round(percentile(ms, 99), 3) };
}

await sequential(server.url, 200); // warm-up (JIT), not reported
const oneAtATime = await sequential(server.url, 500);
const bareOneAtATime = await sequential(bareUrl, 500);
const ours = await load(server.url, true);
const reference = await load(bareUrl, false);
agent.destroy();
await server.close();
bare.close();
console.log(
  JSON.stringify({
    bench: 'recs-serving',
    items: matrix.itemIds.length,
    users: matrix.userIds.length,
    factors: 64,
    trainSeconds: round(trainSeconds, 1),
    seconds,
    requests: ours.requests,
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
  }),
);
