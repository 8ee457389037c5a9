import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../preload/contract/types';
import { loadPredictor } from '../../../native-workers/ml/tabular/predictor';
import { alertHistory } from '../../../native-workers/project/alerts';
import { predictionInserter } from '../../../native-workers/project/predictions';
import { resolveModel } from '../../../native-workers/project/registry';
import { churnCsv, makeChurnProject } from '../export/test-project';
import { Host } from '../host';
import { tempDir } from '../testing';

/**
 * Check now as a job: the rules and the drift of the log windows evaluated in
 * a worker process (a real `monitor-check` job: progress, cancel), not in the
 * host, whose event loop also answers a model server's requests.
 */
const dir = tempDir('assay-check-now-');
let host: Host;
const progress: { jobId: string; detail: string }[] = [];

beforeAll(async () => {
  const file = await makeChurnProject(dir, ['logreg']);
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.openProject(file);
  const db = host.currentProject!.db;
  // 2,000 predictions over the last hour, total_day_minutes shifted by about 2σ (its σ is ~55): the column drifts.
  const rows = Papa.parse<Record<string, unknown>>(fs.readFileSync(churnCsv, 'utf8'), { header: true, dynamicTyping: true, skipEmptyLines: true }).data.slice(0, 2000);
  const inputs = rows.map(({ churn: _c, ...r }) => ({ ...r, total_day_minutes: (r['total_day_minutes'] as number) + 110 }));
  const outputs = loadPredictor(resolveModel(db, 'churn-logreg@1').doc).predictRecords(inputs);
  const t0 = Date.now() - 3_600_000;
  predictionInserter(db)(inputs.map((input, i) => ({ name: 'churn-logreg', version: 1, at: t0 + i * 1000, input, output: outputs[i], latencyMs: 1, pid: `p${i}` })));
  await host.dispatch('monitor:rule-add', { model: 'churn-logreg', condition: 'drift:total_day_minutes > 0.5', window: '1d', minRows: 50, cooldownMs: 1000 });
  host.push.subscribe((channel, payload) => {
    if (channel === 'job:progress') {
      const p = payload as { jobId: string; progress: { detail: string } };
      progress.push({ jobId: p.jobId, detail: p.progress.detail });
    }
  });
}, 240_000);

afterAll(async () => {
  await host.close();
});

describe('monitor:check (Check now)', () => {
  it('runs as a monitor-check job with progress, fires the drift rule and records it', async () => {
    const r = (await host.dispatch('monitor:check', { model: 'churn-logreg' })) as { fired: number; holding: number; jobId: string };
    expect(r.fired).toBeGreaterThan(0);
    expect(host.jobs.get(r.jobId)).toMatchObject({ kind: 'monitor-check', status: 'succeeded', title: 'Check churn-logreg now' });
    // This job's messages only: a job of the set-up (the import's profile) may still report after it.
    const mine = progress.filter((p) => p.jobId === r.jobId).map((p) => p.detail);
    expect(mine[0]).toBe('Drift of the log windows against the reference');
    // Progress is pushed at most every progressIntervalMs and a pending one is dropped when the job ends, so
    // '1 window checked' arrives only when the check took longer than that (it did not once in CI): every
    // message after the first must be a window count, and none may be anything else.
    expect(mine.slice(1).every((p) => p === '1 window checked'), mine.join(' | ')).toBe(true);
    expect(alertHistory(host.currentProject!.db, 'churn-logreg')[0]).toMatchObject({ metric: 'drift:total_day_minutes' });
    // Checked again, the same windows hold without firing twice.
    expect(await host.dispatch('monitor:check', { model: 'churn-logreg' })).toMatchObject({ fired: 0, holding: r.fired });
  }, 120_000);

  it('cancels: the job ends cancelled and the call says so', async () => {
    const seen = new Set<string>();
    const off = host.push.subscribe((channel, payload) => {
      const job = payload as JobInfo;
      if (channel === 'job:update' && job.kind === 'monitor-check' && !seen.has(job.id)) {
        seen.add(job.id);
        host.jobs.cancel(job.id);
      }
    });
    try {
      await expect(host.dispatch('monitor:check', { model: 'churn-logreg' })).rejects.toMatchObject({ code: 'CANCELLED', message: /The check of churn-logreg was cancelled/ });
      expect(host.jobs.get([...seen][0]!)!.status).toBe('cancelled');
    } finally {
      off();
    }
  }, 120_000);
});
