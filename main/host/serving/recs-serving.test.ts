import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactFromParts, recommend } from '../../../native-workers/ml/recs';
import { plantedInteractions } from '../../../native-workers/ml/recs/planted';
import { twoProportionP, wilson } from '../../../native-workers/ml/recs/serving';
import { countTableRows, tableRows } from '../../../native-workers/project/inspect';
import { readRecsModel } from '../../../native-workers/project/recs';
import type { ImportResult } from '../../../preload/contract/types';
import type { AbStats } from '../../../preload/contract/serving';
import { trainRecs } from '../../cli/train-recs';
import { Host } from '../host';
import { registerModel } from '../registry/register';
import { tempDir, waitFor } from '../testing';
import { connectAsync } from 'mqtt';
import type { AddressInfo } from 'node:net';
import { createBundleServer } from '../../../native-workers/export/server/server';
import type { JobInfo } from '../../../preload/contract/types';
import { hasMosquitto, startMosquitto } from '../../../native-workers/streams/testing-mosquitto';
import { request, type Answer } from './http-test-client';

/**
 * Recommenders in the model server, over real HTTP: planted interactions (4 groups of users,
 * each buying mostly from its own quarter of the items), an ALS run registered as shop v1 and an
 * item-kNN run as shop v2.
 */
const dir = tempDir('assay-recs-serving-');
const planted = plantedInteractions({ users: 300, items: 120, groups: 4, perUser: 10, noise: 0.05, seed: 21 });
let host: Host;
let alsRun = 0;

const post = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  request(url, 'POST', { 'content-type': 'application/json', ...headers }, typeof body === 'string' ? body : JSON.stringify(body));

interface RecAnswer {
  id: string;
  model: string;
  version: number;
  user: string;
  coldStart: boolean;
  note?: string;
  items: { item: string; score: number; reason: string; because: string[] }[];
}

beforeAll(async () => {
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, 'recs.assay'));
  const csv = path.join(dir, 'orders.csv');
  fs.writeFileSync(csv, `customer,product\n${planted.users.map((u, k) => `${u},${planted.items[k]}`).join('\n')}\n`);
  const job = host.startImport({ source: { kind: 'path', path: csv }, name: 'orders' });
  expect((await host.jobs.wait(job.id)).status).toBe('succeeded');
  const datasetId = (host.jobs.resultOf(job.id) as ImportResult).datasetId;
  const base = { datasetId, userColumn: 'customer', itemColumn: 'product', seed: 4 };
  alsRun = (await trainRecs(host, { ...base, model: 'als', params: { factors: 8, iterations: 10 } })).runId;
  const knnRun = (await trainRecs(host, { ...base, model: 'itemknn' })).runId;
  registerModel(host.currentProject!.db, alsRun, 'shop');
  registerModel(host.currentProject!.db, knnRun, 'shop');
}, 240_000);

afterAll(async () => {
  await host.close();
});

describe('recommender serving', () => {
  let serverId: string;
  let url: string;

  beforeAll(async () => {
    const { info, server } = await host.serving.start({ model: 'shop@1' });
    serverId = info.serverId;
    url = server.url;
  });

  afterAll(async () => {
    await host.serving.stop(serverId);
  });

  it('registers a recommender run as a version with its holdout metrics', () => {
    const v = host.registry.list().find((m) => m.name === 'shop')!.versions.find((x) => x.version === 1)!;
    expect(v).toMatchObject({ kind: 'recs', task: 'recommend', model: 'recommender', runId: alsRun, recs: { algorithm: 'als', users: 300, items: 120 } });
    expect(v.metrics['ndcg@10']!.mean).toBeGreaterThan(0);
  });

  it('answers /recommend as the stored model does, leaving out what the user had', async () => {
    const parts = readRecsModel(host.currentProject!.db, alsRun)!;
    const artifact = artifactFromParts(parts.meta, parts.arrays);
    const u = artifact.userIds.indexOf('u5');
    const { indptr, indices, data } = artifact.history;
    const want = recommend(artifact.model, { user: u, items: indices.subarray(indptr[u]!, indptr[u + 1]!), weights: data.subarray(indptr[u]!, indptr[u + 1]!) }, 7);
    const res = await post(`${url}/recommend`, { user: 'u5', k: 7 });
    expect(res.status).toBe(200);
    const body = res.json as RecAnswer;
    expect(res.headers['x-request-id']).toBe(body.id);
    expect(body).toMatchObject({ model: 'shop', version: 1, user: 'u5', coldStart: false });
    expect(body.items.map((x) => x.item)).toEqual(want.items.map((x) => artifact.model.itemIds[x.item]));
    body.items.forEach((x, r) => expect(Math.abs(x.score - want.items[r]!.score)).toBeLessThan(1e-12));
    const seen = new Set([...indices.subarray(indptr[u]!, indptr[u + 1]!)].map((j) => artifact.model.itemIds[j]));
    for (const x of body.items) expect(seen.has(x.item)).toBe(false);
    const withSeen = (await post(`${url}/recommend`, { user: 'u5', k: 7, exclude_seen: false })).json as RecAnswer;
    expect(withSeen.items.some((x) => seen.has(x.item))).toBe(true);
  });

  it('gives an unknown user popular items, flagged; their events fold them in for the very next request and are stored', async () => {
    const cold = (await post(`${url}/recommend`, { user: 'walk-in', k: 5 })).json as RecAnswer;
    expect(cold.coldStart).toBe(true);
    expect(cold.note).toMatch(/Unknown user.*popular/);
    expect(cold.items.every((x) => x.reason === 'popular')).toBe(true);
    // Three items of group 3 (item ids i3, i7, … are group 3).
    const bought = ['i3', 'i7', 'i11'];
    const ev = await post(`${url}/events`, { events: bought.map((item) => ({ user: 'walk-in', item })) });
    expect(ev.status).toBe(200);
    expect(ev.json).toMatchObject({ received: 3, applied: 3, newUsers: 1, stored: 3 });
    const warm = (await post(`${url}/recommend`, { user: 'walk-in', k: 5 })).json as RecAnswer;
    expect(warm.coldStart).toBe(false);
    expect(warm.items.filter((x) => planted.groupOf(x.item) === 3).length).toBeGreaterThanOrEqual(4);
    for (const x of warm.items) expect(bought).not.toContain(x.item);
    // Written by the serving log's thread, batched off the request path: on disk within its flush interval.
    await waitFor(() => countTableRows(host.currentProject!.db, 'recs_events', { user: 'walk-in' }) === 3, { what: 'the three events stored', timeoutMs: 5_000 });
  });

  it('keeps an event for an unknown item without using it, and answers an empty filter result plainly', async () => {
    const ev = await post(`${url}/events`, { user: 'u9', item: 'brand-new-sku', weight: 2 });
    expect(ev.json).toMatchObject({ received: 1, applied: 0, unknownItems: ['brand-new-sku'], stored: 1 });
    await waitFor(() => countTableRows(host.currentProject!.db, 'recs_events', { item: 'brand-new-sku' }) === 1, { what: 'the unknown item’s event stored', timeoutMs: 5_000 });
    expect(tableRows(host.currentProject!.db, 'recs_events', { where: { item: 'brand-new-sku' } })[0]).toMatchObject({ known_item: 0, weight: 2, source: 'http' });
    const empty = await post(`${url}/recommend`, { user: 'u9', k: 5, filters: { items: ['no-such-item'] } });
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ items: [], note: expect.stringMatching(/Nothing is left/) });
  });

  it('refuses bad requests as /predict does: fields named, JSON only, Host and Origin checked', async () => {
    expect(await post(`${url}/recommend`, { user: 'u1', k: 0 })).toMatchObject({ status: 400, json: { error: expect.stringContaining('"k" must be a whole number') } });
    expect(await post(`${url}/events`, { user: 'u1', item: 'i1', weight: 'lots' })).toMatchObject({ status: 400, json: { error: expect.stringContaining('"weight" must be a positive number') } });
    expect(await post(`${url}/recommend`, { k: 3 })).toMatchObject({ status: 400, json: { error: expect.stringContaining('"user"') } });
    expect((await post(`${url}/recommend`, '{"user":')).status).toBe(400);
    expect((await request(`${url}/recommend`, 'POST', { 'content-type': 'text/plain' }, '{"user":"u1"}')).status).toBe(415);
    expect((await post(`${url}/recommend`, { user: 'u1' }, { host: 'evil.example' })).status).toBe(421);
    expect((await post(`${url}/recommend`, { user: 'u1' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await request(`${url}/recommend`, 'GET')).status).toBe(405);
    expect(await post(`${url}/predict`, { x: 1 })).toMatchObject({ status: 404, json: { error: expect.stringContaining('POST /recommend') } });
  });
});

describe('A/B test of two recommenders on clicks', () => {
  it('splits users by hash, counts a click once per served list and reports CTR per arm with Wilson intervals', async () => {
    const { info, server } = await host.serving.start({ model: 'shop@1', canary: { model: 'shop@2', percent: 50 } });
    try {
      const url = server.url;
      const byUser = new Map<string, number>();
      const answers: RecAnswer[] = [];
      for (let u = 0; u < 80; u++) {
        const a = (await post(`${url}/recommend`, { user: `u${u}`, k: 3 })).json as RecAnswer;
        answers.push(a);
        byUser.set(`u${u}`, a.version);
      }
      // The same user always lands in the same arm.
      for (let u = 0; u < 10; u++) expect(((await post(`${url}/recommend`, { user: `u${u}`, k: 3 })).json as RecAnswer).version).toBe(byUser.get(`u${u}`));
      const shown = (v: number): number => [...byUser.values()].filter((x) => x === v).length + [...Array(10).keys()].filter((u) => byUser.get(`u${u}`) === v).length;
      expect(shown(1)).toBeGreaterThan(10);
      expect(shown(2)).toBeGreaterThan(10);
      // Clicks: every v2 list, every third v1 list; a second click on a list does not count again.
      const clicks = answers.filter((a, i) => a.version === 2 || i % 3 === 0);
      for (const a of clicks) await post(`${url}/events`, { user: a.user, item: a.items[0]!.item, recommendation_id: a.id });
      const again = await post(`${url}/events`, { user: clicks[0]!.user, item: clicks[0]!.items[1]!.item, recommendation_id: clicks[0]!.id });
      expect(again.json).toMatchObject({ clicks: 0 });
      const health = (await request(`${url}/health`, 'GET')).json as { ab: AbStats };
      for (const arm of health.ab.arms) {
        const clicked = clicks.filter((a) => a.version === arm.version).length;
        expect(arm).toMatchObject({ model: 'shop', shown: shown(arm.version), clicked });
        expect(arm.ci95).toEqual(wilson(clicked, shown(arm.version)));
      }
      expect(health.ab.test).not.toBeNull();
      expect(health.ab.conversionTest).toBeNull();
      expect(server.ab).toEqual(health.ab);

      // Conversions through POST /feedback: every fourth v2 list, no v1 list; a repeat is not counted again.
      const converted = answers.filter((a, i) => a.version === 2 && i % 4 === 0);
      const fb = await post(`${url}/feedback`, { feedback: [...converted.map((a) => ({ id: a.id, event: 'conversion' })), { id: converted[0]!.id, event: 'conversion' }, { id: 'never-served', event: 'click' }] });
      expect(fb.status).toBe(200);
      expect(fb.json).toEqual({ received: converted.length + 2, clicks: 0, conversions: converted.length, alreadyCounted: 1, unknownIds: ['never-served'] });
      // A click through /feedback counts like one through /events, once per list.
      const v1 = answers.find((a, i) => a.version === 1 && i % 3 !== 0)!;
      expect((await post(`${url}/feedback`, { id: v1.id, event: 'click' })).json).toMatchObject({ clicks: 1 });
      const after = ((await request(`${url}/health`, 'GET')).json as { ab: AbStats }).ab;
      for (const arm of after.arms) {
        const conv = arm.version === 2 ? converted.length : 0;
        expect(arm).toMatchObject({ converted: conv, conversionRate: conv / shown(arm.version), clicked: clicks.filter((a) => a.version === arm.version).length + (arm.version === 1 ? 1 : 0) });
        expect(arm.conversionCi95).toEqual(wilson(conv, shown(arm.version)));
      }
      const [p1, p2] = after.arms;
      expect(after.conversionTest).toEqual({ ...twoProportionP(p1!.converted, p1!.shown, p2!.converted, p2!.shown)!, significant: expect.any(Boolean) });

      // Bad feedback says what to send; only unknown ids is a 404.
      expect((await post(`${url}/feedback`, { id: answers[0]!.id, event: 'purchase' })).json).toMatchObject({ error: expect.stringContaining('"event" must be "click" or "conversion"') });
      const none = await post(`${url}/feedback`, { id: 'nope', event: 'click' });
      expect(none.status).toBe(404);
      expect(none.json).toMatchObject({ error: expect.stringContaining('send the "id" of a /recommend answer') });
    } finally {
      await host.serving.stop(info.serverId);
    }
  });
});

describe.skipIf(!hasMosquitto())('events from an MQTT topic', () => {
  it('applies and stores each message as POST /events would, counts bad ones, and refuses a bad feed URL', async () => {
    const broker = await startMosquitto();
    const publisher = await connectAsync(broker.url, { reconnectPeriod: 0 });
    const { info, server } = await host.serving.start({ model: 'shop@2', events: `${broker.url}/shop/events` });
    try {
      expect(info.events).toMatchObject({ url: `${broker.url}/shop/events`, state: 'live' });
      const before = (await post(`${server.url}/recommend`, { user: 'mqtt-user', k: 5 })).json as RecAnswer;
      expect(before.coldStart).toBe(true);
      await publisher.publishAsync('shop/events', JSON.stringify({ events: [{ user: 'mqtt-user', item: 'i2' }, { user: 'mqtt-user', item: 'i6' }] }), { qos: 1 });
      await publisher.publishAsync('shop/events', '{"user": "mqtt-user", "item": "i10", "weight": "x"}', { qos: 1 });
      await waitFor(() => host.serving.status().find((s) => s.serverId === info.serverId)?.events?.messages === 2, { what: 'two MQTT messages', timeoutMs: 10_000 });
      const after = (await post(`${server.url}/recommend`, { user: 'mqtt-user', k: 5 })).json as RecAnswer;
      expect(after.coldStart).toBe(false);
      expect(after.items.filter((x) => planted.groupOf(x.item) === 2).length).toBeGreaterThanOrEqual(4);
      await waitFor(() => countTableRows(host.currentProject!.db, 'recs_events', { user: 'mqtt-user' }) === 2, { what: 'the MQTT events stored', timeoutMs: 5_000 });
      expect(tableRows(host.currentProject!.db, 'recs_events', { where: { user: 'mqtt-user' } }).map((r) => [r['item'], r['source']])).toEqual([
        ['i2', 'mqtt'],
        ['i6', 'mqtt'],
      ]);
      expect(host.serving.status().find((s) => s.serverId === info.serverId)?.events).toMatchObject({ messages: 2, refused: 1, lastRefusal: expect.stringContaining('"weight"') });
    } finally {
      await host.serving.stop(info.serverId);
      await publisher.endAsync(true);
      await broker.stop();
    }
    await expect(host.serving.start({ model: 'shop@2', events: 'http://127.0.0.1/topic' })).rejects.toThrow(/MQTT topic: use mqtt:\/\/HOST/);
    await expect(host.serving.start({ model: 'shop@2', events: 'mqtt://127.0.0.1:1883' })).rejects.toThrow(/names no topic/);
    expect(host.serving.status()).toEqual([]);
  });
});

describe('export', () => {
  it('writes a bundle whose server.js answers /recommend and /events as the app does, gate passed', async () => {
    const out = path.join(dir, 'shop-bundle');
    const { jobId } = (await host.dispatch('export:start', { model: 'shop@1', to: out })) as { jobId: string };
    const done: JobInfo = await host.jobs.wait(jobId);
    expect(done.error ?? null).toBeNull();
    expect(done.status).toBe('succeeded');
    expect(host.jobs.resultOf(jobId)).toMatchObject({ model: 'shop', version: 1, parity: { rows: 14 } });
    expect(fs.existsSync(path.join(out, 'server.js'))).toBe(true);
    const logs = path.join(dir, 'bundle-logs');
    const bundle = createBundleServer(out, { log: { dir: logs } });
    await new Promise<void>((resolve) => bundle.listen(0, '127.0.0.1', resolve));
    const bundleUrl = `http://127.0.0.1:${(bundle.address() as AddressInfo).port}`;
    const { info, server } = await host.serving.start({ model: 'shop@1' });
    try {
      // The same session against both: known users, a stranger, events, again; bad requests too.
      const session: [string, unknown][] = [
        ['/recommend', { user: 'u1', k: 6 }],
        ['/recommend', { user: 'nobody-yet', k: 4 }],
        ['/events', { events: [{ user: 'nobody-yet', item: 'i1' }, { user: 'nobody-yet', item: 'i5' }, { user: 'u1', item: 'unheard-of' }] }],
        ['/recommend', { user: 'nobody-yet', k: 4 }],
        ['/recommend', { user: 'u1', k: 6, exclude_seen: false, filters: { exclude: ['i0'] } }],
        ['/recommend', { user: 'u1', k: 0 }],
        ['/events', { user: 'u1', item: 'i1', weight: -1 }],
        ['/recommend', '{"user": '],
      ];
      for (const [p, body] of session) {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        const [a, b] = await Promise.all([post(`${server.url}${p}`, text), post(`${bundleUrl}${p}`, text)]);
        expect(b.status, `${p} ${text}`).toBe(a.status);
        const strip = (x: unknown): unknown => (typeof x === 'object' && x !== null ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'id' && k !== 'stored' && k !== 'storedNote')) : x);
        expect(strip(b.json), `${p} ${text}`).toEqual(strip(a.json));
      }
      // Feedback on a list each served: counted alike; a conversion shows in the bundle's /health.
      for (const base of [server.url, bundleUrl]) {
        const served = (await post(`${base}/recommend`, JSON.stringify({ user: 'u2', k: 3 }))).json as RecAnswer;
        const fb = await post(`${base}/feedback`, JSON.stringify({ feedback: [{ id: served.id, event: 'click' }, { id: served.id, event: 'conversion' }] }));
        expect(fb.json, base).toEqual({ received: 2, clicks: 1, conversions: 1 });
        expect((await post(`${base}/feedback`, JSON.stringify({ id: 'made-up', event: 'click' }))).status, base).toBe(404);
      }
      expect(((await request(`${bundleUrl}/health`, 'GET')).json as { ab: AbStats }).ab.arms[0]).toMatchObject({ shown: 5, clicked: 1, converted: 1 });
    } finally {
      await host.serving.stop(info.serverId);
      await new Promise<void>((resolve) => bundle.close(() => resolve()));
    }
    const lines = fs.readdirSync(logs).flatMap((f) => fs.readFileSync(path.join(logs, f), 'utf8').trim().split('\n')).map((l) => JSON.parse(l) as { type: string; item?: string });
    expect(lines.filter((l) => l.type === 'event').map((l) => l.item)).toEqual(['i1', 'i5', 'unheard-of']);
    expect(lines.filter((l) => l.type === 'recommendation')).toHaveLength(5);
    expect(lines.filter((l) => l.type === 'feedback')).toHaveLength(1);
  }, 120_000);
});
