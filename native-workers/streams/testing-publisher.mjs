// For tests and benchmarks: publishes `count` small JSON messages from a worker thread, so the
// publisher does not share an event loop with what it measures. QoS 1 keeps at most 500 awaiting
// PUBACK, so message ids never wrap onto live ones. Posts 'done' when every message is out.
import { parentPort, workerData } from 'node:worker_threads';
import mqtt from 'mqtt';

(async () => {
  const { url, topic, qos, count } = workerData;
  const c = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  const payload = (i) => `{"seq":${i},"t":${(20 + (i % 100) / 10).toFixed(1)},"h":${40 + (i % 7)}}`;
  const pending = new Set();
  for (let i = 0; i < count; i++) {
    if (qos === 0) {
      c.publish(topic, payload(i), { qos: 0 });
      if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
      continue;
    }
    const p = c.publishAsync(topic, payload(i), { qos: 1 });
    pending.add(p);
    p.finally(() => pending.delete(p));
    if (pending.size >= 500) await Promise.race(pending);
  }
  await Promise.all(pending);
  await c.endAsync();
  parentPort.postMessage('done');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
