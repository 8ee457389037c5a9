import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAlertRule, alertHistory, setCheckEvery } from '../../../native-workers/project/alerts';
import { ProjectStore } from '../../../native-workers/project/store';
import type { ServerInfo } from '../../../preload/contract/serving';
import { churnCsv, makeChurnProject } from '../export/test-project';
import { Host } from '../host';
import { request } from '../serving/http-test-client';
import { tempDir, waitFor } from '../testing';
import type { AlertRun } from '../../../native-workers/host-api';

/**
 * The scheduled evaluation inside the host: a real churn model served by the
 * app's model server, rows with one column shifted by 2σ sent to /predict, the
 * drift rule on that column fired by the schedule (not by a command) and sent
 * to a local webhook; the rule on an untouched column stays quiet. Closing the
 * host mid-delivery returns at once and writes nothing after.
 */
const dir = tempDir('assay-schedule-');
const model = 'churn-logreg';
const rows = Papa.parse<Record<string, unknown>>(fs.readFileSync(churnCsv, 'utf8'), { header: true, dynamicTyping: true, skipEmptyLines: true }).data.slice(0, 300);
const minutes = rows.map((r) => r['total_day_minutes'] as number);
const mean = minutes.reduce((a, b) => a + b, 0) / minutes.length;
const sd = Math.sqrt(minutes.reduce((a, b) => a + (b - mean) ** 2, 0) / minutes.length);
const shifted = rows.map(({ churn: _label, ...r }) => ({ ...r, total_day_minutes: (r['total_day_minutes'] as number) + 2 * sd }));

let file = '';
let hook: http.Server;
let hookUrl = '';
const received: { rule: { metric: string }; value: number }[] = [];
/** The receiver's answer: 200, or hang (never answer) to catch a delivery in flight. */
let hang = false;

beforeAll(async () => {
  file = await makeChurnProject(dir, ['logreg']);
  hook = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]);
      if (!hang) res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
}, 240_000);

afterAll(() => {
  hook.closeAllConnections();
  hook.close();
});

function setRules(rules: readonly string[], everyMs: number): void {
  const store = ProjectStore.open(file);
  try {
    for (const metric of rules) addAlertRule(store.db, { name: model, metric, op: '>', threshold: 0.5, window: '1h', minRows: 100, cooldownMs: 3_600_000, webhook: hookUrl }, new Date().toISOString());
    setCheckEvery(store.db, model, everyMs, new Date().toISOString());
  } finally {
    store.close();
  }
}

async function serveShifted(runs: (AlertRun | Error)[]): Promise<Host> {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config'), alertSchedule: { tickMs: 100, webhook: { baseDelayMs: 10, timeoutMs: 60_000 }, onRun: (_, r) => void runs.push(r) } });
  host.openProject(file);
  const { url } = (await host.dispatch('serve:start', { model })) as ServerInfo;
  const answer = await request(`${url}/predict`, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ rows: shifted }));
  expect(answer.status).toBe(200);
  return host;
}

describe('scheduled alert evaluation while a model is served', () => {
  it('fires the drift rule of the shifted column on its schedule and posts it; the untouched column stays quiet', async () => {
    setRules(['drift:total_day_minutes', 'drift:account_length'], 1000);
    const runs: (AlertRun | Error)[] = [];
    const host = await serveShifted(runs);
    try {
      const fired = await waitFor(() => runs.find((r): r is AlertRun => !(r instanceof Error) && r.fired.length > 0), { what: 'a scheduled evaluation that fires', timeoutMs: 60_000 });
      expect(runs.filter((r) => r instanceof Error)).toEqual([]);
      expect(fired.fired).toMatchObject([{ ruleId: 1, metric: 'drift:total_day_minutes', rows: 300, delivered: true }]);
      // Wasserstein ÷ the reference's σ of a 2σ shift.
      expect(fired.fired[0]!.value).toBeGreaterThan(1.5);
      expect(fired.quiet).toContainEqual(expect.objectContaining({ ruleId: 2, reason: 'within threshold' }));
      expect(received).toMatchObject([{ rule: { metric: 'drift:total_day_minutes' }, value: fired.fired[0]!.value }]);
      // The next evaluations find the window already fired: nothing sent twice.
      const before = runs.length;
      await waitFor(() => runs.length >= before + 2, { what: 'two more scheduled evaluations', timeoutMs: 30_000 });
      expect(received).toHaveLength(1);
    } finally {
      await host.close();
    }
  }, 240_000);

  it('stops mid-delivery when the project closes: close returns without waiting out the webhook, nothing is written after', async () => {
    hang = true;
    // A new rule on the shifted column fires for the window anew (rule 1 fired for it already and cools down).
    setRules(['drift:total_day_minutes'], 1000);
    const rule3 = 3;
    const runs: (AlertRun | Error)[] = [];
    const host = await serveShifted(runs);
    const count = received.length;
    await waitFor(() => received.length > count, { what: 'the webhook request of rule 3', timeoutMs: 60_000 });
    const t0 = Date.now();
    await host.close();
    // The receiver never answers and the attempt's timeout is 60 s: close did not wait for it.
    expect(Date.now() - t0).toBeLessThan(5_000);
    const after = ProjectStore.open(file, { readOnly: true });
    try {
      const events = alertHistory(after.db, model).filter((e) => e.ruleId === rule3);
      expect(events).toHaveLength(1);
      // The cut attempt is not recorded (the project was closing), and no retry followed.
      expect(events[0]!.deliveries).toEqual([]);
    } finally {
      after.close();
    }
  }, 240_000);
});
