import http from 'node:http';
import path from 'node:path';
import Papa from 'papaparse';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPredictor } from '../../../native-workers/ml/tabular/predictor';
import type { ServeStats } from '../../../preload/contract/serving';
import type { ImportResult } from '../../../preload/contract/types';
import { Host } from '../host';
import { resolveModel } from '../../../native-workers/project/registry';
import { registerModel } from '../registry/register';
import { sharedData, tempDir, waitFor } from '../testing';
import { parsePrometheus } from './metrics';
import { request, type Answer } from './http-test-client';
import type { ModelServer } from './model-server';
import { countTableRows, tableRows } from '../../../native-workers/project/inspect';

/**
 * The model server against real trained and registered churn models:
 * v1 gradient boosting, v2 a decision tree (different answers, so routing shows).
 */
const dir = tempDir('assay-serving-');
const csv = Papa.parse<Record<string, unknown>>(fs.readFileSync(path.join(sharedData, 'mlc_churn.csv'), 'utf8'), {
  header: true,
  dynamicTyping: true,
  skipEmptyLines: true,
}).data;
let host: Host;

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** A JSON request (a string body is sent as is) over the shared keep-alive agent. */
function call(url: string, method: string, body?: unknown): Promise<Answer> {
  const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return request(url, method, data === undefined ? {} : { 'content-type': 'application/json' }, data, agent);
}

function without(r: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).filter(([k]) => k !== key));
}

const row = (i: number): Record<string, unknown> => without(csv[i]!, 'churn');

beforeAll(async () => {
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, 'serve.assay'));
  const job = host.startImport({ source: { kind: 'path', path: path.join(sharedData, 'mlc_churn.csv') }, name: 'churn' });
  expect((await host.jobs.wait(job.id)).status).toBe('succeeded');
  const datasetId = (host.jobs.resultOf(job.id) as ImportResult).datasetId;
  const base = { datasetId, target: 'churn', validation: { kind: 'holdout' as const } };
  const a = (await host.dispatch('train:start', { ...base, model: 'gbdt', params: { n_rounds: 40 } })) as { runId: number };
  const b = (await host.dispatch('train:start', { ...base, model: 'tree' })) as { runId: number };
  expect((await host.train.wait(a.runId)).status).toBe('succeeded');
  expect((await host.train.wait(b.runId)).status).toBe('succeeded');
  registerModel(host.currentProject!.db, a.runId, 'churn');
  registerModel(host.currentProject!.db, b.runId, 'churn');
}, 180_000);

afterAll(async () => {
  agent.destroy();
  await host.close();
});

describe('Model server', () => {
  let server: ModelServer;
  let url: string;

  beforeAll(async () => {
    ({ server } = await host.serving.start({ model: 'churn@1' }));
    url = server.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('predicts one row and a batch exactly as the predictor does, and says what it ignored', async () => {
    const predictor = loadPredictor(resolveModel(host.currentProject!.db, 'churn@1').doc);
    const one = await call(`${url}/predict`, 'POST', { ...row(0), customer_id: 'x-1' });
    expect(one.status).toBe(200);
    expect(one.json).toEqual({ id: one.headers['x-request-id'], model: 'churn', version: 1, predictions: predictor.predictRecords([row(0)]), ignoredColumns: ['customer_id'] });
    const rows = Array.from({ length: 300 }, (_, i) => row(i));
    const batch = await call(`${url}/predict`, 'POST', { rows });
    expect(batch.status).toBe(200);
    expect((batch.json as { predictions: unknown[] }).predictions).toEqual(predictor.predictRecords(rows));
    // The target column sent along is ignored too.
    const withTarget = await call(`${url}/predict`, 'POST', csv[1]);
    expect((withTarget.json as { ignoredColumns: string[] }).ignoredColumns).toEqual(['churn']);
  });

  it('refuses bad rows with 400 naming row and column, bad JSON, huge bodies and unknown paths', async () => {
    const missing = without(row(0), 'total_day_minutes');
    const bad = await call(`${url}/predict`, 'POST', { rows: [row(0), missing, { ...row(2), account_length: 'long' }] });
    expect(bad.status).toBe(400);
    const body = bad.json as { error: string; details: { row: number; column: string; message: string }[] };
    expect(body.error).toContain('2 of 3 rows');
    expect(body.details).toEqual([
      { row: 1, column: 'total_day_minutes', message: expect.stringContaining('no column "total_day_minutes"') },
      { row: 2, column: 'account_length', message: 'Column "account_length", row 2: "long" is not a number.' },
    ]);
    // null is an explicit missing value, imputed as in training.
    expect((await call(`${url}/predict`, 'POST', { ...row(0), total_day_minutes: null })).status).toBe(200);
    expect((await call(`${url}/predict`, 'POST', { ...row(0), state: { x: 1 } })).status).toBe(400);
    expect((await call(`${url}/predict`, 'POST', '{"rows": [')).json).toMatchObject({ error: expect.stringContaining('not valid JSON') });
    expect((await call(`${url}/predict`, 'POST', { rows: [] })).status).toBe(400);
    expect((await call(`${url}/predict`, 'POST', { rows: Array.from({ length: 10_001 }, () => ({})) })).status).toBe(413);
    expect((await call(`${url}/predict`, 'POST', 'x'.repeat(17 * 1024 * 1024))).status).toBe(413);
    expect((await call(`${url}/nope`, 'GET')).status).toBe(404);
    const unknown = await call(`${url}/predict?version=7`, 'POST', row(0));
    expect(unknown).toMatchObject({ status: 404, json: { error: 'Version 7 of churn is not served here; loaded: 1.' } });
    expect((await call(`${url}/predict`, 'GET')).status).toBe(405);
  });

  it('reports health and Prometheus metrics whose counts match the requests sent', async () => {
    const health = await call(`${url}/health`, 'GET');
    expect(health.json).toMatchObject({ status: 'ok', model: 'churn', versions: [{ model: 'churn', version: 1, role: 'primary', percent: 100 }], logging: true });
    const m = parsePrometheus((await call(`${url}/metrics`, 'GET')).text);
    const l = 'model="churn",version="1"';
    // From the two tests above: 4 answered, 5 bad rows/JSON/empty, 2 too large (405 and 404 never reach /predict's metrics).
    expect(m.get(`assay_predict_requests_total{${l},status="200"}`)).toBe(4);
    expect(m.get(`assay_predict_requests_total{${l},status="400"}`)).toBe(4);
    expect(m.get(`assay_predict_requests_total{${l},status="413"}`)).toBe(2);
    expect(m.get(`assay_predict_errors_total{${l},reason="bad_input"}`)).toBe(3);
    expect(m.get(`assay_predict_errors_total{${l},reason="bad_json"}`)).toBe(1);
    expect(m.get(`assay_predict_rows_total{${l}}`)).toBe(1 + 300 + 1 + 1);
    expect(m.get(`assay_predict_latency_seconds_count{${l}}`)).toBe(10);
    expect(m.get(`assay_predict_latency_seconds_bucket{${l},le="+Inf"}`)).toBe(10);
  });

  it('logs every prediction to the project off the request path', async () => {
    server.log.flush();
    const db = host.currentProject!.db;
    const n = countTableRows(db, 'predictions', { name: 'churn', version: 1 });
    expect(n).toBe(303);
    const last = tableRows(db, 'predictions', { columns: ['input', 'output', 'latency_ms'], orderBy: 'id' }).at(-1) as { input: string; output: string; latency_ms: number };
    expect(JSON.parse(last.input)).toMatchObject({ state: row(0)['state'] });
    expect(JSON.parse(last.output)).toHaveProperty('label');
    expect(last.latency_ms).toBeGreaterThan(0);
  });

  it('splits by percentage with per-version counters, and hot swaps under load with no failed request', async () => {
    const stats: ServeStats[] = [];
    const off = host.push.subscribe((channel, payload) => {
      if (channel === 'serve:stats') stats.push(payload as ServeStats);
    });
    const info = await host.serving.split('s1', 20, 'churn@2');
    expect(info.candidate).toEqual({ model: 'churn', version: 2 });
    const versions: number[] = [];
    for (let k = 0; k < 10; k++) {
      const res = await Promise.all(Array.from({ length: 20 }, (_, i) => call(`${url}/predict`, 'POST', row(i))));
      versions.push(...res.map((r) => (r.json as { version: number }).version));
    }
    expect(versions.filter((v) => v === 2)).toHaveLength(40);
    // A pinned request bypasses the split (and does not advance it).
    expect((await call(`${url}/predict?version=2`, 'POST', row(0))).json).toMatchObject({ version: 2 });
    const m = parsePrometheus((await call(`${url}/metrics`, 'GET')).text);
    expect(m.get('assay_predict_requests_total{model="churn",version="2",status="200"}')).toBe(41);

    // Swap the primary back and forth while 400 requests are in flight.
    await host.serving.split('s1', 0);
    let swapping = true;
    const swaps = (async () => {
      let n = 0;
      while (swapping) {
        await host.serving.swap('s1', n++ % 2 ? 'churn@1' : 'churn@2');
        await new Promise((r) => setTimeout(r, 2));
      }
      return n;
    })();
    const results = await Promise.all(Array.from({ length: 400 }, (_, i) => call(`${url}/predict`, 'POST', row(i % 50))));
    swapping = false;
    expect(await swaps).toBeGreaterThan(2);
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(new Set(results.map((r) => (r.json as { version: number }).version))).toEqual(new Set([1, 2]));
    // Stats are pushed once a second: wait for a tick that saw these requests.
    await waitFor(() => stats.some((s) => s.versions.some((v) => v.requests > 0 && v.p99Ms !== null)), { what: 'a serve:stats tick with latencies' });
    off();
  });

  it('names what does not exist: an unknown version, a split without a candidate', async () => {
    await expect(host.serving.start({ model: 'churn@9' })).rejects.toThrow('Model churn has no version 9; it has 1, 2.');
    await expect(host.serving.start({ model: 'nope' })).rejects.toThrow('No registered model "nope"');
    await expect(host.dispatch('serve:swap', { serverId: 's1', model: 'churn@7' })).rejects.toThrow('no version 7');
    await expect(host.serving.start({ model: 'churn@1', port: Number(new URL(url).port) })).rejects.toThrow('already in use');
    await host.dispatch('serve:split', { serverId: 's1', percent: 0, candidate: null });
    await expect(host.dispatch('serve:split', { serverId: 's1', percent: 10 })).rejects.toThrow('no candidate version');
    await expect(host.dispatch('serve:split', { serverId: 's1', percent: 120 })).rejects.toThrow('0..100');
    expect(host.serving.status()).toHaveLength(1);
    await host.serving.stop('s1');
    expect(host.serving.status()).toEqual([]);
  });
});

describe('Serving a read-only project', () => {
  it('serves but says logging is off, and writes nothing', async () => {
    const file = host.currentProject!.path;
    const count = (): number => countTableRows(host.currentProject!.db, 'predictions');
    host.openProject(file, true);
    const before = count();
    const { info, server } = await host.serving.start({ model: 'churn@2' });
    expect(info.logging).toBe(false);
    expect((await call(`${server.url}/health`, 'GET')).json).toMatchObject({ logging: false });
    expect((await call(`${server.url}/predict`, 'POST', row(3))).status).toBe(200);
    server.log.flush();
    expect(count()).toBe(before);
    // Closing the project stops its servers.
    host.openProject(file, false);
    expect(host.serving.status()).toEqual([]);
  });
});
