// The load side of bench/recs-serving.bench.mjs, in its own process so that its HTTP work is not
// counted as the server's: `node recs-serving-client.mjs sequential|load URL USERS.json SECONDS N|events|none`.
// Prints one JSON object: latencies' p50/p99, and for events how often and how fast the list changed.
import fs from 'node:fs';
import http from 'node:http';
import { percentile, round } from './lib.mjs';

const [mode, base, usersFile, secondsText, extra] = process.argv.slice(2);
const userIds = JSON.parse(fs.readFileSync(usersFile, 'utf8'));
const seconds = Number(secondsText);
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

const summary = (ms) => {
  ms.sort((a, b) => a - b);
  return { p50: round(percentile(ms, 50), 3), p99: round(percentile(ms, 99), 3) };
};

/** Open loop: a request every 5 ms (200/s); with events, every 4th is a user's request, an event on its top item, and their next request (50 events/s). */
async function load(withEvents) {
  const latencies = [];
  const eventToChanged = [];
  const pending = [];
  let changed = 0;
  let eventsSent = 0;
  const start = performance.now();
  for (let n = 0; performance.now() - start < seconds * 1000; n++) {
    const wait = start + n * 5 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const user = userIds[rand(userIds.length)];
    if (withEvents && n % 4 === 0) {
      eventsSent++;
      pending.push(
        (async () => {
          const before = await post(`${base}/recommend`, { user, k: 10 });
          latencies.push(before.ms);
          const t = performance.now();
          await post(`${base}/events`, { user, item: before.json.items[0].item });
          const after = await post(`${base}/recommend`, { user, k: 10 });
          latencies.push(after.ms);
          // The event's item was the user's top recommendation; once seen, the next list must differ.
          if (after.json.items[0].item !== before.json.items[0].item) {
            changed++;
            eventToChanged.push(performance.now() - t);
          }
        })(),
      );
    } else {
      pending.push(post(`${base}/recommend`, { user, k: 10 }).then((r) => latencies.push(r.ms)));
    }
  }
  await Promise.all(pending);
  const l = summary(latencies);
  const e = summary(eventToChanged);
  return { requests: latencies.length, p50: l.p50, p99: l.p99, eventsSent, changed, eventToChangedP50: e.p50, eventToChangedP99: e.p99 };
}

/** Closed loop: one request at a time, the service time without queueing. */
async function sequential(n) {
  const ms = [];
  for (let i = 0; i < n; i++) ms.push((await post(`${base}/recommend`, { user: userIds[rand(userIds.length)], k: 10 })).ms);
  return { requests: n, eventsSent: 0, ...summary(ms) };
}

const result = mode === 'sequential' ? await sequential(Number(extra)) : await load(extra === 'events');
agent.destroy();
process.stdout.write(JSON.stringify(result));
