import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundleServer, type BundleModelFile } from '../../../native-workers/export/server/server';
import { frameFromRecords, type FrameColumnSpec } from '../../../native-workers/ml/tabular/frame';
import { createModel } from '../../../native-workers/ml/tabular/models';
import type { ModelDocument } from '../../../native-workers/ml/tabular/predictor';
import { fitPipeline } from '../../../native-workers/ml/tabular/preprocess/fit';
import { predictionLogBytes } from '../../../native-workers/project/predictions';
import { ProjectStore } from '../../../native-workers/project/store';
import { tempDir, waitFor } from '../testing';
import { holdConnection, rawRequest, request } from './http-test-client';
import { loadVersion } from './loaded';
import { parsePrometheus } from './metrics';
import { ModelServer } from './model-server';
import { PredictionLog } from './prediction-log';
import { tableRows } from '../../../native-workers/project/inspect';

/**
 * #15 item 6: the model server (and an exported bundle's server) refuses what a
 * web page, a DNS-rebinding attacker or a slow or greedy client sends, with
 * real requests over real sockets. A tiny linear model keeps it fast.
 */
const dir = tempDir('assay-serve-hardening-');
const columns: FrameColumnSpec[] = [
  { name: 'x', kind: 'numeric' },
  { name: 'c', kind: 'categorical' },
];
const json = { 'content-type': 'application/json' };
let doc: ModelDocument;

beforeAll(async () => {
  const records = Array.from({ length: 40 }, (_, i) => ({ x: i, c: i % 2 ? 'a' : 'b' }));
  const frame = frameFromRecords(records, columns);
  const pipeline = fitPipeline(frame);
  const model = createModel('linear', 'regression', {});
  await model.fit(pipeline.transform(frame), Float64Array.from(records, (r) => 2 * r.x + (r.c === 'a' ? 1 : 0)), { task: 'regression', nClasses: 1, seed: 1 });
  doc = { format: 'assay-tabular/1', task: 'regression', target: 'y', classes: null, threshold: null, pipeline: pipeline.toJSON(), model: model.toJSON() };
});

/** A project for the log and a server over it; `logBytes` caps the log. */
async function serve(opts: { logBytes?: number; allowedOrigins?: string[]; bodyTimeoutMs?: number; headersTimeoutMs?: number; maxConnections?: number } = {}): Promise<{ server: ModelServer; file: string; port: number }> {
  const file = path.join(dir, `p${Math.random().toString(36).slice(2)}.assay`);
  ProjectStore.create(file).close();
  const { logBytes, ...limits } = opts;
  const log = new PredictionLog(file, { flushMs: 5, ...(logBytes !== undefined ? { maxBytes: logBytes } : {}) });
  const primary = await loadVersion({ model: 'm', version: 1 }, doc);
  const server = await ModelServer.start({ primary, log, ...limits });
  return { server, file, port: Number(new URL(server.url).port) };
}

/** The project's size on disk: the file and its WAL. */
function bytesOnDisk(file: string): number {
  return [file, `${file}-wal`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

function loggedInputs(file: string): string[] {
  const store = ProjectStore.open(file, { readOnly: true });
  try {
    return (tableRows(store.db, 'predictions', { columns: ['input'], orderBy: 'id' }) as { input: string }[]).map((r) => r.input);
  } finally {
    store.close();
  }
}

describe('Model server request checks', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    s = await serve({ allowedOrigins: ['https://app.example'] });
  });
  afterAll(async () => s.server.close());

  it('refuses a foreign Host header (DNS rebinding) with 421, on every path', async () => {
    for (const p of ['/predict', '/health', '/metrics']) {
      const r = await rawRequest(s.port, `GET ${p} HTTP/1.1\r\nHost: evil.example:${s.port}\r\nConnection: close\r\n\r\n`);
      expect(r.text).toMatch(/^HTTP\/1\.1 421 /);
      expect(r.text).toContain('does not answer to Host \\"evil.example');
    }
    expect((await request(`${s.server.url}/health`, 'GET', { host: `localhost:${s.port}` })).status).toBe(200);
  });

  it('refuses a browser Origin that was not allowed with 403; an allowed one gets CORS headers and its preflight', async () => {
    const evil = await request(`${s.server.url}/predict`, 'POST', { ...json, origin: 'http://evil.example' }, JSON.stringify({ x: 1, c: 'a' }));
    expect(evil).toMatchObject({ status: 403, json: { error: expect.stringContaining('http://evil.example are refused') } });
    expect((await request(`${s.server.url}/health`, 'GET', { origin: 'null' })).status).toBe(403);
    const ok = await request(`${s.server.url}/predict`, 'POST', { ...json, origin: 'https://app.example' }, JSON.stringify({ x: 1, c: 'a' }));
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example');
    const pre = await request(`${s.server.url}/predict`, 'OPTIONS', { origin: 'https://app.example', 'access-control-request-headers': 'content-type' });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-headers']).toBe('content-type');
  });

  it('refuses a POST that is not JSON with 415 (what a no-cors page can send: text/plain)', async () => {
    const plain = await request(`${s.server.url}/predict`, 'POST', { 'content-type': 'text/plain' }, JSON.stringify({ x: 1, c: 'a' }));
    expect(plain).toMatchObject({ status: 415, json: { error: 'The body is sent as "text/plain"; send it with Content-Type: application/json.' } });
    expect((await request(`${s.server.url}/predict`, 'POST', {}, '{}')).status).toBe(415);
    expect((await request(`${s.server.url}/predict`, 'POST', { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ x: 1, c: 'a' }))).status).toBe(200);
  });
});

describe('Model server limits and its log', () => {
  it('refuses an 8 MB body with 413 and the project does not grow', async () => {
    const s = await serve();
    try {
      s.server.log.flush();
      const before = bytesOnDisk(s.file);
      const big = JSON.stringify({ x: 1, c: 'a', pad: 'p'.repeat(8 * 1024 * 1024) });
      for (let i = 0; i < 3; i++) expect((await request(`${s.server.url}/predict`, 'POST', json, big)).status).toBe(413);
      // Sent in chunks without a declared length: counted as it arrives, refused past the limit.
      const chunked = await request(`${s.server.url}/predict`, 'POST', { ...json, 'transfer-encoding': 'chunked' }, big);
      expect(chunked).toMatchObject({ status: 413, json: { error: expect.stringContaining('larger than 1048576 bytes') } });
      s.server.log.flush();
      // Only the four refusals' one-line records for the operations history (a few WAL pages), never the 8 MB bodies.
      expect(bytesOnDisk(s.file) - before).toBeLessThan(256 * 1024);
      expect(loggedInputs(s.file)).toEqual([]);
      const store = ProjectStore.open(s.file, { readOnly: true });
      expect(tableRows(store.db, 'serving_events').map((e) => [e['status'], e['reason']])).toEqual(Array.from({ length: 4 }, () => [413, 'too_large']));
      store.close();
    } finally {
      await s.server.close();
    }
  });

  it('logs only the input columns: unknown fields are dropped before logging', async () => {
    const s = await serve();
    try {
      const one = await request(`${s.server.url}/predict`, 'POST', json, JSON.stringify({ x: 1, c: 'a', password: 'hunter2' }));
      expect(one).toMatchObject({ status: 200, json: { ignoredColumns: ['password'] } });
      const rows = await request(`${s.server.url}/predict`, 'POST', json, JSON.stringify({ rows: [{ x: 2, c: 'b', card: '4111 1111' }, { x: 3, c: 'a' }] }));
      expect(rows.status).toBe(200);
      s.server.log.flush();
      const logged = loggedInputs(s.file);
      expect(logged.map((t) => JSON.parse(t) as unknown)).toEqual([
        { x: 1, c: 'a' },
        { x: 2, c: 'b' },
        { x: 3, c: 'a' },
      ]);
      expect(logged.join('')).not.toMatch(/hunter2|4111|password|card/);
    } finally {
      await s.server.close();
    }
  });

  it('stops logging at the log cap, counts what it skipped, and keeps answering', async () => {
    const s = await serve({ logBytes: 2000 });
    try {
      const body = JSON.stringify({ rows: Array.from({ length: 20 }, (_, i) => ({ x: i, c: 'a' })) });
      for (let i = 0; i < 10; i++) expect((await request(`${s.server.url}/predict`, 'POST', json, body)).status).toBe(200);
      s.server.log.flush();
      const written = s.server.log.written;
      expect(written).toBeGreaterThan(0);
      expect(written + s.server.log.skipped).toBe(200);
      expect(s.server.log.skipped).toBeGreaterThan(100);
      // Writing stops at the first row past the cap: the log holds at most one row more than it.
      const store = ProjectStore.open(s.file, { readOnly: true });
      const bytes = predictionLogBytes(store.db);
      store.close();
      expect(bytes).toBeGreaterThanOrEqual(2000);
      expect(bytes).toBeLessThan(2000 + 100);
      expect((await request(`${s.server.url}/health`, 'GET')).json).toMatchObject({ logSkipped: s.server.log.skipped });
      const m = parsePrometheus(((await request(`${s.server.url}/metrics`, 'GET')).json as string) ?? '');
      expect(m.get('assay_prediction_log_skipped_total')).toBe(s.server.log.skipped);
    } finally {
      await s.server.close();
    }
  });

  it('cuts a body that trickles in (slowloris) after the body timeout with 408 and closes the connection', async () => {
    const s = await serve({ bodyTimeoutMs: 300 });
    try {
      const r = await rawRequest(s.port, `POST /predict HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"x":`, 5000);
      expect(r.closed).toBe(true);
      expect(r.ms).toBeLessThan(2000);
      expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(r.text).toContain('did not arrive within 300 ms');
    } finally {
      await s.server.close();
    }
  });

  it('cuts headers that never end after the headers timeout', async () => {
    const s = await serve({ headersTimeoutMs: 500 });
    try {
      const r = await rawRequest(s.port, `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nX-Slow: 1\r\n`, 5000);
      expect(r.closed).toBe(true);
      expect(r.ms).toBeLessThan(3000);
      expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await s.server.close();
    }
  });

  it('refuses connections beyond the cap', async () => {
    const s = await serve({ maxConnections: 2 });
    try {
      const held = [await holdConnection(s.port), await holdConnection(s.port)];
      const third = await rawRequest(s.port, `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`, 2000);
      expect(third).toMatchObject({ closed: true, text: '' });
      expect(held.map((h) => h.closed())).toEqual([false, false]);
      for (const h of held) h.socket.destroy();
      // Once the server has counted the closed connections out, it takes new ones again.
      const health = async (): Promise<number | null> => (await request(`${s.server.url}/health`, 'GET').catch(() => null))?.status ?? null;
      await waitFor(async () => (await health()) === 200, { what: 'a connection accepted again under the cap' });
    } finally {
      await s.server.close();
    }
  });
});

describe("An exported bundle's server makes the same checks", () => {
  it('refuses a foreign Host on loopback, a foreign Origin, text/plain, a large body and a slow one', async () => {
    const bundle = path.join(dir, 'bundle');
    fs.mkdirSync(bundle);
    const { pipeline, ...rest } = doc;
    const meta: BundleModelFile = { ...rest, name: 'm', version: 1 };
    fs.writeFileSync(path.join(bundle, 'model.json'), JSON.stringify(meta));
    fs.writeFileSync(path.join(bundle, 'preprocess.json'), JSON.stringify(pipeline));
    const server = createBundleServer(bundle, { bodyTimeoutMs: 300, allowedOrigins: ['https://app.example'] });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const url = `http://127.0.0.1:${port}`;
    try {
      const row = JSON.stringify({ x: 1, c: 'a' });
      expect((await request(`${url}/predict`, 'POST', json, row)).status).toBe(200);
      expect((await request(`${url}/health`, 'GET', { host: `evil.example:${port}` })).status).toBe(421);
      expect((await request(`${url}/predict`, 'POST', { ...json, origin: 'http://evil.example' }, row)).status).toBe(403);
      expect((await request(`${url}/predict`, 'POST', { ...json, origin: 'https://app.example' }, row)).headers['access-control-allow-origin']).toBe('https://app.example');
      expect((await request(`${url}/predict`, 'POST', { 'content-type': 'text/plain' }, row)).status).toBe(415);
      expect((await request(`${url}/predict`, 'POST', json, JSON.stringify({ x: 1, c: 'p'.repeat(2 * 1024 * 1024) }))).status).toBe(413);
      const slow = await rawRequest(port, `POST /predict HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{`, 5000);
      expect(slow).toMatchObject({ closed: true, text: expect.stringMatching(/^HTTP\/1\.1 408 /) as unknown });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
