import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../../preload/contract/export';
import { listFiles, readManifest } from '../../../native-workers/export/manifest';
import { buildBundle } from '../../../native-workers/export/bundle';
import { Host } from '../host';
import { resolveModel } from '../../../native-workers/project/registry';
import { tempDir } from '../testing';
import { pickGoldenRows } from './golden-rows';
import { bundleServerPath } from './service';
import { createBundleServer } from '../../../native-workers/export/server/server';
import type { AddressInfo } from 'node:net';
import { makeChurnProject } from './test-project';
import { tableRows } from '../../../native-workers/project/inspect';

const dir = tempDir('assay-export-');
let project = '';

beforeAll(async () => {
  project = await makeChurnProject(dir, ['gbdt', 'logreg']);
}, 180_000);

function openHost(): Host {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.openProject(project);
  return host;
}

describe('export bundle', () => {
  it('writes a complete bundle whose own server passes the parity gate (gbdt), as a job', async () => {
    const host = openHost();
    try {
      const out = path.join(dir, 'bundle-gbdt');
      const { jobId } = (await host.dispatch('export:start', { model: 'churn-gbdt@1', to: out })) as { jobId: string };
      const done = await host.jobs.wait(jobId);
      expect(done.error).toBeNull();
      expect(done.status).toBe('succeeded');
      const r = host.jobs.resultOf(jobId) as ExportResult;
      expect(r).toMatchObject({ model: 'churn-gbdt', version: 1, to: out });
      expect(r.parity.rows).toBeGreaterThanOrEqual(20);
      expect(r.parity.maxDiff).toBeLessThanOrEqual(1e-6);
      const files = listFiles(out);
      for (const f of ['server.js', 'model.json', 'preprocess.json', 'package.json', 'Dockerfile', '.dockerignore', 'MODEL_CARD.md', 'golden.json', 'golden-test.mjs', 'infra/aws/main.tf', 'infra/azure/main.bicep', '.github/workflows/build.yml', 'README.md', 'manifest.json']) {
        expect(files, f).toContain(f);
      }
      const manifest = readManifest(out);
      expect(manifest.files.map((f) => f.path).sort()).toEqual(files.filter((f) => f !== 'manifest.json'));
      for (const f of manifest.files) expect(crypto.createHash('sha256').update(fs.readFileSync(path.join(out, f.path))).digest('hex')).toBe(f.sha256);
      const pkg = JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: { start: string } };
      expect(pkg.engines.node).toBe('>=20');
      expect(fs.readFileSync(path.join(out, 'Dockerfile'), 'utf8')).toMatch(/FROM node:20-slim[\s\S]*USER node[\s\S]*HEALTHCHECK/);
      expect(fs.readFileSync(path.join(out, 'MODEL_CARD.md'), 'utf8')).toContain('churn-gbdt v1');
      // The bundle's own golden test (what its CI workflow runs) passes with plain Node, from a copy elsewhere.
      const copy = path.join(dir, 'copied-bundle');
      fs.cpSync(out, copy, { recursive: true });
      const golden = spawnSync(process.execPath, ['golden-test.mjs'], { cwd: copy, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' }, timeout: 30_000 });
      expect(golden.status, golden.stderr).toBe(0);
      expect(JSON.parse(golden.stdout)).toMatchObject({ rows: r.parity.rows, maxDiff: 0 });
      expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
      // The run row records the export without any credential.
      const run = tableRows(host.currentProject!.db, 'runs', { columns: ['spec', 'status'], where: { kind: 'export' } })[0] as { spec: string; status: string };
      expect(run.status).toBe('succeeded');
    } finally {
      await host.close();
    }
  }, 60_000);

  it('passes the gate for logistic regression; a tampered model fails it and leaves no bundle', async () => {
    const host = openHost();
    try {
      const db = host.currentProject!.db;
      const { version, doc } = resolveModel(db, 'churn-logreg');
      const input = { version, doc, goldenRows: pickGoldenRows(db, version.lineage.datasetId, version.inputSchema), serverJs: bundleServerPath() };
      const good = await buildBundle(input, path.join(dir, 'bundle-logreg'), { signal: new AbortController().signal });
      expect(good.parity.maxDiff).toBeLessThanOrEqual(1e-6);

      const bad = path.join(dir, 'bundle-tampered');
      const tamper = (d: string): void => {
        const file = path.join(d, 'model.json');
        // A still-loadable model whose first coefficient moved a little: only the gate can tell.
        const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { model: { coef: number[] } };
        m.model.coef[0] = m.model.coef[0]! + 0.05;
        fs.writeFileSync(file, JSON.stringify(m));
      };
      await expect(buildBundle(input, bad, { signal: new AbortController().signal, afterWrite: tamper })).rejects.toMatchObject({ code: 'PARITY_FAILED', message: expect.stringMatching(/disagrees with the app/) as unknown });
      expect(fs.existsSync(bad)).toBe(false);
      // A bundle whose server cannot even start fails the gate the same way.
      const broken = (d: string): void => fs.writeFileSync(path.join(d, 'preprocess.json'), '{');
      await expect(buildBundle(input, bad, { signal: new AbortController().signal, afterWrite: broken })).rejects.toMatchObject({ code: 'PARITY_FAILED', message: expect.stringMatching(/exited/) as unknown });
      expect(fs.existsSync(bad)).toBe(false);
      expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    } finally {
      await host.close();
    }
  }, 60_000);

  it("the bundle's server answers /predict (rows or one row; 400 naming row and column), /health and /metrics", async () => {
    const server = createBundleServer(path.join(dir, 'bundle-gbdt'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const golden = JSON.parse(fs.readFileSync(path.join(dir, 'bundle-gbdt', 'golden.json'), 'utf8')) as { rows: Record<string, unknown>[]; outputs: { label: string }[] };
      const post = (body: unknown): Promise<Response> => fetch(`${base}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const one = (await (await post(golden.rows[3])).json()) as { predictions: { label: string; probabilities: Record<string, number> }[] };
      expect(one.predictions).toHaveLength(1);
      expect(one.predictions[0]!.label).toBe(golden.outputs[3]!.label);
      const bad = await post({ rows: [golden.rows[0], { ...golden.rows[1], total_day_minutes: 'lots' }] });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ details: [{ row: 1, column: 'total_day_minutes' }] });
      expect((await post({ rows: 'x' })).status).toBe(400);
      expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ status: 'ok', model: 'churn-gbdt', version: 1 });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/assay_requests_total\{path="\/predict",status="200"\} 1/);
      expect(metrics).toMatch(/assay_predicted_rows_total 1/);
    } finally {
      server.close();
    }
  });

  it('refuses a version that does not exist, and a non-empty folder, with clear errors', async () => {
    const host = openHost();
    try {
      await expect(host.dispatch('export:start', { model: 'churn-gbdt@7', to: path.join(dir, 'x') })).rejects.toThrow(/has no version 7; it has 1/);
      await expect(host.dispatch('export:start', { model: 'nope', to: path.join(dir, 'x') })).rejects.toThrow(/No registered model "nope"/);
      const { jobId } = (await host.dispatch('export:start', { model: 'churn-gbdt', to: path.join(dir, 'bundle-gbdt') })) as { jobId: string };
      const done = await host.jobs.wait(jobId);
      expect(done.status).toBe('failed');
      expect(done.error?.message).toMatch(/is not empty/);
      // Cancelled as soon as it started: a cancel, not an error, and nothing left behind.
      const cut = path.join(dir, 'bundle-cancelled');
      const started = (await host.dispatch('export:start', { model: 'churn-gbdt', to: cut })) as { jobId: string };
      host.push.subscribe((channel, payload) => {
        if (channel === 'job:progress' && (payload as { jobId: string }).jobId === started.jobId) host.jobs.cancel(started.jobId);
      });
      const cancelled = await host.jobs.wait(started.jobId);
      expect(cancelled.status).toBe('cancelled');
      expect(fs.existsSync(cut)).toBe(false);
      expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    } finally {
      await host.close();
    }
  }, 30_000);
});
