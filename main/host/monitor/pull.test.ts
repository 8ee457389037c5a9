import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../../native-workers/export/bundle';
import { logFilePattern } from '../../../native-workers/export/server/ndjson-log';
import { createBundleServer } from '../../../native-workers/export/server/server';
import { s3Client } from '../../../native-workers/export/s3-store';
import { parseLogLine } from '../../../native-workers/ml/monitor-feedback';
import { resolveModel } from '../../../native-workers/project/registry';
import { ProjectStore } from '../../../native-workers/project/store';
import { countTableRows, tableRows } from '../../../native-workers/project/inspect';
import { pickGoldenRows } from '../export/golden-rows';
import { startAzurite, startS3rver, type LocalServer } from '../export/local-servers';
import { bundleServerPath } from '../export/service';
import { makeChurnProject } from '../export/test-project';
import { distDir } from '../paths';
import { request } from '../serving/http-test-client';
import { tempDir } from '../testing';

/**
 * An exported bundle's server (built for real from a registered churn model)
 * writes its rotated NDJSON log; `assay monitor pull` imports it from a folder,
 * from S3 (s3rver) and from Azure (Azurite), idempotently.
 */
const dir = tempDir('assay-pull-');
const logs = path.join(dir, 'logs');
const cli = path.join(distDir(), 'cli', 'assay.js');
const json = { 'content-type': 'application/json' };
let file = '';
let s3: LocalServer;
let azure: LocalServer;
const answered: string[] = [];

function assay(env: Readonly<Record<string, string>>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ASSAY_HOME: path.join(dir, 'home'), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  // One after another: on a loaded machine the storage emulators start slowly beside training.
  file = await makeChurnProject(dir, ['logreg']);
  s3 = await startS3rver(path.join(dir, 's3'), ['logs']);
  azure = await startAzurite(path.join(dir, 'azurite'));
  const store = ProjectStore.open(file);
  const { version, doc } = resolveModel(store.db, 'churn-logreg');
  const golden = pickGoldenRows(store.db, version.lineage.datasetId, version.inputSchema);
  store.close();
  const out = path.join(dir, 'bundle');
  await buildBundle({ version, doc, goldenRows: golden, serverJs: bundleServerPath() }, out, { signal: new AbortController().signal });
  // Small files, so the log rotates within this test.
  const server = createBundleServer(out, { log: { dir: logs, maxBytes: 4096, maxFiles: 50 } });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const row = version.example!;
  for (let i = 0; i < 12; i++) answered.push(((await request(`${url}/predict`, 'POST', json, JSON.stringify(row))).json as { id: string }).id);
  answered.push(...((await request(`${url}/predict`, 'POST', json, JSON.stringify({ rows: [row, row, row] }))).json as { ids: string[] }).ids);
  expect((await request(`${url}/predict`, 'POST', json, '{"rows": [')).status).toBe(400);
  const fb = await request(`${url}/feedback`, 'POST', json, JSON.stringify({ feedback: [...answered.slice(0, 5).map((id) => ({ id, label: 'no' })), { id: 'never-answered', label: 'yes' }] }));
  expect(fb.json).toEqual({ stored: 5, duplicate: 0, unknown: 1, unknownIds: ['never-answered'] });
  await new Promise<void>((r) => server.close(() => r()));
  // A file someone else wrote into the folder: a bad line, another model's line, and a last line still being written.
  fs.writeFileSync(
    path.join(logs, 'extra.ndjson'),
    ['{"type":"prediction","id":"x"}', 'garbage', JSON.stringify({ type: 'feedback', id: 'a', label: 'no', time: new Date().toISOString(), model: 'other' }), '{"type":"predic'].join('\n'),
  );
}, 240_000);

afterAll(async () => {
  await Promise.all([s3?.stop(), azure?.stop()]);
});

describe("the exported server's prediction log", () => {
  it('is NDJSON rotated by size: one line per prediction with id, time, version, input, output and latency, and the refusal and labels', () => {
    const files = fs.readdirSync(logs).filter((f) => logFilePattern.test(f));
    expect(files.length).toBeGreaterThan(1);
    const lines = files.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).flatMap((f) => fs.readFileSync(path.join(logs, f), 'utf8').trimEnd().split('\n').map(parseLogLine));
    const preds = lines.filter((l) => 'type' in l && l.type === 'prediction');
    expect(preds.map((l) => ('id' in l ? l.id : ''))).toEqual(answered);
    expect(preds[0]).toMatchObject({ model: 'churn-logreg', version: 1, input: expect.any(Object) as unknown, output: { label: expect.any(String) as unknown }, latencyMs: expect.any(Number) as unknown });
    expect(lines.filter((l) => 'type' in l && l.type === 'rejected')).toMatchObject([{ status: 400, reason: 'bad_json', rows: 0 }]);
    expect(lines.filter((l) => 'type' in l && l.type === 'feedback')).toHaveLength(5);
    expect(lines.filter((l) => 'error' in l)).toEqual([]);
  });
});

describe('assay monitor pull', () => {
  const pull = async (from: string, env: Readonly<Record<string, string>> = {}): Promise<Record<string, unknown>> => {
    const r = await assay(env, 'monitor', 'pull', file, '--model', 'churn-logreg', '--from', from, '--json');
    // stderr may carry the AWS SDK's Node version notice: the exit code and the JSON are what count.
    expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }, from).toEqual({ code: 0, stderr: '' });
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  it('imports a folder once: the same log twice stores nothing twice, malformed lines are kept aside with their reason', async () => {
    const first = await pull(logs);
    expect(first).toMatchObject({
      predictions: { read: 15, stored: 15 },
      refused: { read: 1, stored: 1 },
      feedback: { stored: 5, duplicate: 0, unknown: 0 },
      malformed: { count: 2, kept: 2 },
      otherModel: 1,
      incomplete: 1,
    });
    const again = await pull(logs);
    expect(again).toMatchObject({ predictions: { read: 15, stored: 0 }, refused: { stored: 0 }, feedback: { stored: 0, duplicate: 5 }, malformed: { count: 2, kept: 0 } });
    const store = ProjectStore.open(file, { readOnly: true });
    try {
      expect(countTableRows(store.db, 'predictions')).toBe(15);
      expect(countTableRows(store.db, 'prediction_feedback')).toBe(5);
      expect(tableRows(store.db, 'log_rejects', { orderBy: 'line' }).map((r) => [r['file'], r['line'], r['reason']])).toEqual([
        ['extra.ndjson', 1, 'prediction line without a usable time, model, request, version, input, output, latencyMs'],
        ['extra.ndjson', 2, expect.stringMatching(/^not JSON/)],
      ]);
    } finally {
      store.close();
    }
    const missing = await assay({}, 'monitor', 'pull', file, '--model', 'churn-logreg', '--from', path.join(dir, 'nowhere'));
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('is not a folder') as unknown });
  }, 180_000);

  it('reads the same logs from S3 and from Azure Blob Storage, storing nothing already there', async () => {
    const names = fs.readdirSync(logs);
    const client = s3Client(s3.env);
    for (const n of names) await client.send(new PutObjectCommand({ Bucket: 'logs', Key: `server-a/${n}`, Body: fs.readFileSync(path.join(logs, n)) }));
    const container = BlobServiceClient.fromConnectionString(azure.env['AZURE_STORAGE_CONNECTION_STRING']!).getContainerClient('logs');
    await container.create();
    for (const n of names) await container.getBlockBlobClient(`server-a/${n}`).uploadData(fs.readFileSync(path.join(logs, n)));
    for (const [from, env] of [['s3://logs/server-a', s3.env], ['azure://logs/server-a', azure.env]] as const) {
      expect(await pull(from, env), from).toMatchObject({ files: names.length, predictions: { read: 15, stored: 0 }, feedback: { duplicate: 5 }, malformed: { count: 2, kept: 0 } });
    }
    const refused = await assay({ ...s3.env, AWS_SECRET_ACCESS_KEY: 'wrong' }, 'monitor', 'pull', file, '--model', 'churn-logreg', '--from', 's3://nobucket/x');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^assay: S3 /m);
  }, 240_000);
});
