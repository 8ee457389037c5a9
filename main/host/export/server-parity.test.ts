import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersion } from '../../../preload/contract/registry';
import type { ServableVersion, ServerInfo } from '../../../preload/contract/serving';
import { buildBundle } from '../../../native-workers/export/bundle';
import { createBundleServer } from '../../../native-workers/export/server/server';
import { resolveModel } from '../../../native-workers/project/registry';
import { Host } from '../host';
import { request, type Answer } from '../serving/http-test-client';
import { tempDir } from '../testing';
import { pickGoldenRows } from './golden-rows';
import { bundleServerPath } from './service';
import { makeChurnProject } from './test-project';

/**
 * The app's model server and an exported bundle's server.js answer the same
 * requests alike: the same status and the same body, good requests and bad.
 * Both run for real (a trained, registered churn model; the built bundle).
 */
const dir = tempDir('assay-parity-');
let host: Host;
let appUrl = '';
let bundleUrl = '';
let version: ModelVersion;
let closeBundle = (): void => undefined;

beforeAll(async () => {
  const file = await makeChurnProject(dir, ['logreg']);
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.openProject(file);
  const db = host.currentProject!.db;
  const resolved = resolveModel(db, 'churn-logreg@1');
  version = resolved.version;
  const out = path.join(dir, 'bundle');
  await buildBundle({ version, doc: resolved.doc, goldenRows: pickGoldenRows(db, version.lineage.datasetId, version.inputSchema), serverJs: bundleServerPath() }, out, { signal: new AbortController().signal });
  const server = createBundleServer(out);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  bundleUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeBundle = () => server.close();
  appUrl = ((await host.dispatch('serve:start', { model: 'churn-logreg@1' })) as ServerInfo).url;
}, 180_000);

afterAll(async () => {
  closeBundle();
  await host?.close();
});

const json = { 'content-type': 'application/json' };

/**
 * An answer with its request id checked and replaced by ID (each server makes its own): the id is
 * the X-Request-Id header too, and a batch's ids are ID.0, ID.1, …
 */
function sameIds(a: Answer): Answer {
  const body = a.json as Record<string, unknown> | null;
  if (a.status !== 200 || typeof body !== 'object' || body === null) return a;
  const id = body['id'] as string;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(a.headers['x-request-id']).toBe(id);
  const ids = body['ids'] as string[] | undefined;
  if (ids) expect(ids).toEqual(ids.map((_, i) => `${id}.${i}`));
  return { ...a, json: { ...body, id: 'ID', ...(ids ? { ids: ids.map((_, i) => `ID.${i}`) } : {}) } };
}

async function both(body: string): Promise<[Answer, Answer]> {
  return [sameIds(await request(`${appUrl}/predict`, 'POST', json, body)), sameIds(await request(`${bundleUrl}/predict`, 'POST', json, body))];
}

describe('the app server and the exported server agree', () => {
  it('keeps a real training row with the version, and both servers answer it with 200 and no warning', async () => {
    const example = version.example!;
    expect(Object.keys(example).sort()).toEqual(version.inputSchema.map((c) => c.name).sort());
    expect(Object.values(example).every((v) => v !== null)).toBe(true);
    // The row is one of the dataset's own.
    const golden = pickGoldenRows(host.currentProject!.db, version.lineage.datasetId, version.inputSchema);
    expect(golden).toContainEqual(example);
    const [app, bundle] = await both(JSON.stringify({ rows: [example] }));
    expect(app.status).toBe(200);
    expect(app.json).not.toHaveProperty('warnings');
    expect(bundle).toMatchObject({ status: app.status, json: app.json });
    // What the Serve area's "Try it" sends is that row.
    const servable = ((await host.dispatch('serve:models', null)) as ServableVersion[]).find((v) => v.model === 'churn-logreg');
    expect(servable?.example).toEqual(example);
    // The bundle's README sends it too: every input column, answered with 200.
    const readme = fs.readFileSync(path.join(dir, 'bundle', 'README.md'), 'utf8');
    const sent = /-d '(.*)'\n/.exec(readme)?.[1] ?? '';
    expect(JSON.parse(sent)).toEqual({ rows: [example] });
    expect(await request(`${bundleUrl}/predict`, 'POST', json, sent)).toMatchObject({ status: 200, json: { predictions: [{ label: expect.any(String) as unknown }] } });
  });

  it('takes feedback for the ids it answered alike: stored once, a repeat is a duplicate, an unknown id is a 404 naming it', async () => {
    for (const url of [appUrl, bundleUrl]) {
      const one = await request(`${url}/predict`, 'POST', json, JSON.stringify(version.example));
      const batch = await request(`${url}/predict`, 'POST', json, JSON.stringify({ rows: [version.example, version.example] }));
      const { id } = one.json as { id: string };
      const { ids } = batch.json as { ids: string[] };
      const label = (await request(`${url}/feedback`, 'POST', json, JSON.stringify({ id, label: 'yes' }))).json;
      expect(label, url).toEqual({ stored: 1, duplicate: 0, unknown: 0 });
      const many = await request(`${url}/feedback`, 'POST', json, JSON.stringify({ feedback: [{ id, label: 'no' }, { id: ids[1], label: 'no' }, { id: 'nope', label: 'no' }] }));
      expect(many, url).toMatchObject({ status: 200, json: { stored: 1, duplicate: 1, unknown: 1, unknownIds: ['nope'] } });
      const unknown = await request(`${url}/feedback`, 'POST', json, JSON.stringify({ id: 'nope', label: 'no' }));
      expect(unknown, url).toMatchObject({ status: 404, json: { stored: 0, unknown: 1, error: expect.stringContaining('"nope"') as unknown } });
      const bad = await request(`${url}/feedback`, 'POST', json, JSON.stringify({ id }));
      expect(bad, url).toMatchObject({ status: 400, json: { error: expect.stringContaining('"label"') as unknown } });
    }
  });

  it('answers every good and bad request with the same status and body', async () => {
    const row = version.example!;
    const [first, ...rest] = version.inputSchema;
    const numeric = version.inputSchema.find((c) => c.kind === 'numeric')!.name;
    const categorical = version.inputSchema.find((c) => c.kind === 'categorical')!.name;
    const cases: readonly [string, string, number][] = [
      ['good row', JSON.stringify(row), 200],
      ['batch', JSON.stringify({ rows: [row, { ...row, [numeric]: 0 }, row] }), 200],
      ['missing column', JSON.stringify(Object.fromEntries(rest.map((c) => [c.name, row[c.name]]))), 400],
      ['only 3 columns', JSON.stringify({ rows: [Object.fromEntries(version.inputSchema.slice(0, 3).map((c) => [c.name, row[c.name]]))] }), 400],
      ['extra column', JSON.stringify({ ...row, customer_id: 'A-17', churn: 'yes' }), 200],
      ['wrong type', JSON.stringify({ ...row, [numeric]: 'lots' }), 400],
      ['unknown category', JSON.stringify({ ...row, [categorical]: 'Two year2' }), 200],
      ['null values', JSON.stringify({ ...row, [first!.name]: null, [numeric]: null }), 200],
      ['empty body', '', 400],
      ['not JSON', '{"rows": [', 400],
      ['a list', '[1, 2]', 400],
      ['empty batch', '{"rows": []}', 400],
      ['batch with a bad row', JSON.stringify({ rows: [row, { ...row, [categorical]: { a: 1 } }, 5] }), 400],
    ];
    for (const [what, body, status] of cases) {
      const [app, bundle] = await both(body);
      expect(app.status, what).toBe(status);
      expect({ status: bundle.status, json: bundle.json }, what).toEqual({ status: app.status, json: app.json });
    }
    const [unseen] = await both(JSON.stringify({ ...row, [categorical]: 'Two year2' }));
    expect(unseen.json).toMatchObject({ warnings: [`${categorical}: 'Two year2' was not seen in training; treated as missing/unknown`] });
    const [missing] = await both(JSON.stringify({ rows: [Object.fromEntries(rest.map((c) => [c.name, row[c.name]]))] }));
    expect(missing.json).toMatchObject({ details: [{ row: 0, column: first!.name }] });
  });
});
