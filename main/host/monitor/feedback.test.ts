import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classificationMetrics } from '../../../native-workers/ml/tabular/metrics';
import { resolveModel } from '../../../native-workers/project/registry';
import { ProjectStore } from '../../../native-workers/project/store';
import { tableRows } from '../../../native-workers/project/inspect';
import type { ServerInfo } from '../../../preload/contract/serving';
import { makeChurnProject, churnCsv } from '../export/test-project';
import { Host } from '../host';
import { distDir } from '../paths';
import { request } from '../serving/http-test-client';
import { tempDir } from '../testing';

/**
 * Ground truth end to end: a real churn model served by the app's model server,
 * labels sent to POST /feedback and joined from a CSV with the real `assay`
 * CLI, realized performance and operations read back, alert rules fired and
 * sent to a real local webhook receiver.
 */
const dir = tempDir('assay-feedback-');
const cli = path.join(distDir(), 'cli', 'assay.js');
const json = { 'content-type': 'application/json' };
let file = '';
const rows = Papa.parse<Record<string, unknown>>(fs.readFileSync(churnCsv, 'utf8'), { header: true, dynamicTyping: true, skipEmptyLines: true }).data.slice(0, 60);
const input = (r: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'churn'));

function assay(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ASSAY_HOME: path.join(dir, 'home') }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI without blocking this process: the webhook receiver below runs in it. */
function assayAsync(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ASSAY_HOME: path.join(dir, 'home') } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let ids: string[] = [];

beforeAll(async () => {
  file = await makeChurnProject(dir, ['logreg']);
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  try {
    host.openProject(file);
    const { url } = (await host.dispatch('serve:start', { model: 'churn-logreg' })) as ServerInfo;
    // 20 single rows, then a batch of 40 (one request), then one refused request.
    for (const r of rows.slice(0, 20)) {
      const a = await request(`${url}/predict`, 'POST', json, JSON.stringify(input(r)));
      expect(a.headers['x-request-id']).toBe((a.json as { id: string }).id);
      ids.push((a.json as { id: string }).id);
    }
    const batch = await request(`${url}/predict`, 'POST', json, JSON.stringify({ rows: rows.slice(20).map(input) }));
    ids = [...ids, ...(batch.json as { ids: string[] }).ids];
    expect((await request(`${url}/predict`, 'POST', json, JSON.stringify({ rows: [{ state: 'KS' }, { state: 'OH' }] }))).status).toBe(400);
    // Labels for the first 10 through the server, right after their predictions (the log is flushed first).
    const sent = await request(`${url}/feedback`, 'POST', json, JSON.stringify({ feedback: rows.slice(0, 10).map((r, i) => ({ id: ids[i], label: r['churn'] })) }));
    expect(sent).toMatchObject({ status: 200, json: { stored: 10, duplicate: 0, unknown: 0 } });
  } finally {
    await host.close();
  }
}, 240_000);

describe('feedback and realized performance', () => {
  it('logs every prediction with its id and request, and the refused request for the operations history', () => {
    const store = ProjectStore.open(file, { readOnly: true });
    try {
      const logged = tableRows(store.db, 'predictions', { orderBy: 'id' });
      expect(logged.map((r) => r['pid'])).toEqual(ids);
      expect(new Set(logged.slice(20).map((r) => r['request_id'])).size).toBe(1);
      expect(logged[20]!['pid']).toBe(`${logged[20]!['request_id'] as string}.0`);
      expect(tableRows(store.db, 'serving_events')).toMatchObject([{ name: 'churn-logreg', version: 1, status: 400, reason: 'bad_input', rows: 2 }]);
      expect(tableRows(store.db, 'prediction_feedback')).toHaveLength(10);
    } finally {
      store.close();
    }
  });

  it('assay feedback joins a CSV of labels by id: joined, duplicate and unknown counted, nothing stored for an unknown id', () => {
    const csv = path.join(dir, 'labels.csv');
    const lines = ['prediction_id,actual', ...rows.map((r, i) => `${ids[i]!},${String(r['churn'])}`), 'no-such-id,yes', `${ids[59]!},no`, ',yes'];
    fs.writeFileSync(csv, `${lines.join('\n')}\n`);
    const r = assay('feedback', file, '--model', 'churn-logreg', csv, '--id-column', 'prediction_id', '--label-column', 'actual', '--json');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ model: 'churn-logreg', rows: 63, joined: 50, duplicate: 11, unknown: 1, blank: 1, unknownIds: ['no-such-id'] });
    const again = assay('feedback', file, '--model', 'churn-logreg', csv, '--id-column', 'prediction_id', '--label-column', 'actual');
    expect(again.stdout).toMatch(/^churn-logreg: 0 labels joined, 61 duplicate, 1 unknown ids, 1 rows without id or label\n {2}unknown \(first 1\): no-such-id\n$/);
    const wrong = assay('feedback', file, '--model', 'churn-logreg', csv, '--id-column', 'id', '--label-column', 'actual');
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('has no column "id"; its columns are: prediction_id, actual') as unknown });
  }, 180_000);

  it('scores the labelled predictions with the training metrics, and counts requests, latency and rejections', () => {
    const r = assay('monitor', 'performance', file, '--model', 'churn-logreg', '--window', '1d', '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { realized: { rows: number; metrics: Record<string, number> }[]; operations: Record<string, unknown>[] };
    // The same numbers as the training metrics computed here from the logged probabilities and the true labels.
    const store = ProjectStore.open(file, { readOnly: true });
    const { doc } = resolveModel(store.db, 'churn-logreg');
    const outputs = tableRows(store.db, 'predictions', { orderBy: 'id' }).map((p) => JSON.parse(p['output'] as string) as { probabilities: Record<string, number> });
    store.close();
    const classes = doc.classes!;
    const expected = classificationMetrics(rows.map((x) => classes.indexOf(String(x['churn']))), outputs.flatMap((o) => classes.map((c) => o.probabilities[c]!)), 2, { threshold: doc.threshold! }).metrics;
    expect(out.realized).toHaveLength(1);
    expect(out.realized[0]).toMatchObject({ version: 1, rows: 60 });
    for (const m of ['accuracy', 'precision', 'recall', 'f1', 'roc_auc']) expect(out.realized[0]!.metrics[m], m).toBeCloseTo(expected[m]!, 12);
    expect(out.operations).toMatchObject([{ version: 1, requests: 22, rows: 60, errors: 0, rejected: 1, rejectedRows: 2, missingRate: 0 }]);
    expect(out.operations[0]!['p99Ms']).toBeGreaterThan(0);
  }, 180_000);
});

describe('alerts', () => {
  let hook: http.Server;
  let hookUrl = '';
  const received: unknown[] = [];
  beforeAll(async () => {
    let calls = 0;
    hook = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      // The first attempt fails: the delivery is retried.
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(calls++ === 0 ? 503 : 200).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
  });
  afterAll(() => hook.close());

  it('adds, lists and removes rules, and refuses a rule it cannot read', () => {
    const added = assay('monitor', 'alerts', file, '--model', 'churn-logreg', '--add', 'requests > 1000', '--window', '1d', '--json');
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 1, metric: 'requests', op: '>', threshold: 1000, window: '1d', minRows: 100, cooldownMs: 3_600_000 });
    expect(assay('monitor', 'alerts', file, '--model', 'churn-logreg', '--list').stdout).toContain('#1 requests > 1000 over 1d, min 100 rows, cooldown 60 min');
    expect(assay('monitor', 'alerts', file, '--model', 'churn-logreg', '--remove', '1').stdout).toBe('removed rule #1\n');
    expect(assay('monitor', 'alerts', file, '--model', 'churn-logreg', '--remove', '1')).toMatchObject({ code: 2, stderr: expect.stringContaining('has no alert rule #1') as unknown });
    expect(assay('monitor', 'alerts', file, '--model', 'churn-logreg', '--add', 'accuracy is low', '--window', '1d')).toMatchObject({ code: 2, stderr: expect.stringContaining('METRIC > NUMBER') as unknown });
    expect(assay('monitor', 'alerts', file, '--model', 'nope', '--list')).toMatchObject({ code: 1 });
    expect(assay('monitor', 'drift', file)).toMatchObject({ code: 2, stderr: expect.stringContaining('assay monitor takes one of: check, pull, alerts, performance, report') as unknown });
  }, 300_000);

  it('fires a rule once for its window, respecting min rows, posts it to the webhook with retries, and records every attempt', async () => {
    const add = (cond: string, minRows: string, webhook?: string): void =>
      void expect(assay('monitor', 'alerts', file, '--model', 'churn-logreg', '--add', cond, '--window', '1d', '--min-rows', minRows, ...(webhook ? ['--webhook', webhook] : [])).code).toBe(0);
    add('accuracy < 1.01', '50', hookUrl); // fires: 60 labelled rows
    add('rejected >= 1', '1000'); // too few rows: 60 predicted rows < 1000
    add('p99_ms > 1000000', '1'); // within threshold
    const r = await assayAsync('monitor', 'alerts', file, '--model', 'churn-logreg', '--evaluate', '--json');
    expect(r.stderr).toBe('');
    const run = JSON.parse(r.stdout) as { fired: { ruleId: number; metric: string; rows: number; delivered: boolean }[]; quiet: { ruleId: number; reason: string }[] };
    expect(run.fired).toMatchObject([{ ruleId: 2, metric: 'accuracy', rows: 60, delivered: true }]);
    expect(run.quiet.map((q) => [q.ruleId, q.reason]).sort()).toEqual([[3, 'too few rows'], [4, 'within threshold']]);
    expect(received).toHaveLength(2);
    expect(received[1]).toMatchObject({ model: 'churn-logreg', rule: { id: 2, metric: 'accuracy', op: '<', threshold: 1.01, window: '1d' }, rows: 60 });
    const history = JSON.parse(assay('monitor', 'alerts', file, '--model', 'churn-logreg', '--history', '--json').stdout) as { deliveries: { attempt: number; status: number }[] }[];
    expect(history).toHaveLength(1);
    expect(history[0]!.deliveries.map((d) => [d.attempt, d.status])).toEqual([[1, 503], [2, 200]]);
    // The same window does not fire twice.
    expect(JSON.parse((await assayAsync('monitor', 'alerts', file, '--model', 'churn-logreg', '--evaluate', '--json')).stdout)).toMatchObject({ fired: [] });
  }, 180_000);
});
