import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssayError } from '../../../preload/contract/errors';
import type { RetrainRecord } from '../../../preload/contract/retrain';
import type { ImportResult } from '../../../preload/contract/types';
import { classificationMetrics } from '../../../native-workers/ml/tabular/metrics';
import { loadPredictor } from '../../../native-workers/ml/tabular/predictor';
import { recordFeedback } from '../../../native-workers/project/feedback';
import { predictionInserter } from '../../../native-workers/project/predictions';
import { getVersion, listModels, resolveModel } from '../../../native-workers/project/registry';
import { getTrainSummary, readTestRows } from '../../../native-workers/project/train';
import { churnCsv, makeChurnProject } from '../export/test-project';
import { Host } from '../host';
import { tempDir } from '../testing';

/**
 * Retrain → compare → promote on a real churn model: real training runs (the
 * job manager and its workers), a "newer" dataset whose labels flipped (the
 * concept changed, so the champion is now wrong and a retrained model is
 * right), logged predictions with feedback labels, a fired alert.
 */
const dir = tempDir('assay-retrain-');
let file = '';
let host: Host;
const rows = Papa.parse<Record<string, unknown>>(fs.readFileSync(churnCsv, 'utf8'), { header: true, dynamicTyping: true, skipEmptyLines: true }).data;
const flip = (r: Record<string, unknown>): Record<string, unknown> => ({ ...r, churn: r['churn'] === 'yes' ? 'no' : 'yes' });

async function retrain(req: Parameters<Host['retrain']['start']>[0]): Promise<RetrainRecord> {
  const { record, done } = host.retrain.start(req);
  expect(record.status).toBe('training');
  return done;
}

async function importCsv(name: string, data: readonly Record<string, unknown>[]): Promise<number> {
  const csv = path.join(dir, `${name}.csv`);
  fs.writeFileSync(csv, Papa.unparse(data as Record<string, unknown>[]));
  const job = host.startImport({ source: { kind: 'path', path: csv }, name });
  expect((await host.jobs.wait(job.id)).status).toBe('succeeded');
  return (host.jobs.resultOf(job.id) as ImportResult).datasetId;
}

beforeAll(async () => {
  file = await makeChurnProject(dir, ['logreg']);
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.openProject(file);
  // The champion is in production, as a deployed model is: a promotion moves it back, a rollback returns it.
  await host.dispatch('registry:stage', { name: 'churn-logreg', version: 1, stage: 'production' });
  await importCsv('churn-flipped', rows.map(flip));
  await importCsv('churn-no-state', rows.map(({ state: _state, ...r }) => r));
}, 240_000);

afterAll(async () => {
  await host.close();
});

function expectError(f: () => unknown, code: string, text: RegExp): void {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AssayError);
    expect((err as AssayError).code).toBe(code);
    expect((err as AssayError).message).toMatch(text);
    return;
  }
  throw new Error('expected an error');
}

describe('retrain', () => {
  it('runs the champion spec again on its training dataset as it is now: same data, same seed, same model, so no win and no promotion', async () => {
    const db = host.currentProject!.db;
    const champion = getVersion(db, 'churn-logreg', 1);
    const rec = await retrain({ model: 'churn-logreg@1', promote: true });
    // A failed retrain says why first.
    expect(rec.error ?? null).toBeNull();
    expect(rec).toMatchObject({ status: 'compared', champion: 1, challenger: 2, promoted: false, trigger: 'user' });
    expect(rec.source).toMatch(/training dataset "churn" as it is now \(5000 rows\)/);
    const a = getTrainSummary(db, champion.runId);
    const b = getTrainSummary(db, rec.runId!);
    expect(b.spec).toEqual({ ...a.spec, features: a.features, positive: a.positive ?? 'yes' });
    const c = rec.comparison!;
    expect(c.metric).toBe('roc_auc');
    // The challenger's numbers on its test split are the training run's own test metrics: the same rows and metric code.
    for (const [k, v] of Object.entries(b.test!)) expect(c.testSplit!.challenger[k]).toBeCloseTo(v, 9);
    expect(c.testSplit!.champion).toEqual(c.testSplit!.challenger);
    expect(c.labelled).toBeNull();
    expect(c.winner).toBe('champion');
    expect(c.reason).toMatch(/does not beat/);
    expect(getVersion(db, 'churn-logreg', 2).stage).toBe('none');
  }, 240_000);

  it('on a dataset whose labels flipped the challenger wins on the test split, is promoted, and rolls back as any version', async () => {
    const db = host.currentProject!.db;
    const rec = await retrain({ model: 'churn-logreg@1', data: 'churn-flipped', promote: true });
    expect(rec).toMatchObject({ status: 'compared', champion: 1, challenger: 3, promoted: true });
    const t = rec.comparison!.testSplit!;
    // The champion is scored independently here: its predictions on the challenger run's test rows, through the training metrics.
    const { doc } = resolveModel(db, 'churn-logreg@1');
    const test = new Set(readTestRows(db, rec.runId!));
    const testRows = rows.map(flip).filter((_, i) => test.has(i));
    const proba = loadPredictor(doc).predictRecords(testRows).flatMap((p) => [p.probabilities!['no']!, p.probabilities!['yes']!]);
    const expected = classificationMetrics(testRows.map((r) => (r['churn'] === 'yes' ? 1 : 0)), proba, 2, { classNames: ['no', 'yes'], threshold: doc.threshold! });
    expect(t.rows).toBe(testRows.length);
    expect(t.champion['roc_auc']).toBeCloseTo(expected.metrics['roc_auc']!, 12);
    expect(t.champion['roc_auc']).toBeLessThan(0.5);
    expect(t.challenger['roc_auc']).toBeGreaterThan(0.5);
    expect(rec.comparison!.winner).toBe('challenger');
    expect(getVersion(db, 'churn-logreg', 3).stage).toBe('production');
    await host.dispatch('registry:rollback', { name: 'churn-logreg' });
    expect(getVersion(db, 'churn-logreg', 3).stage).toBe('none');
  }, 240_000);

  it('on logged predictions joined with feedback labels: a dataset of them, compared on the latest labelled window too', async () => {
    const db = host.currentProject!.db;
    const { doc } = resolveModel(db, 'churn-logreg@1');
    const served = rows.slice(0, 400).map(flip);
    const inputs = served.map(({ churn: _c, ...r }) => r);
    const outputs = loadPredictor(doc).predictRecords(inputs);
    const t0 = Date.UTC(2026, 11, 1, 10);
    predictionInserter(db)(inputs.map((input, i) => ({ name: 'churn-logreg', version: 1, at: t0 + i * 1000, input, output: outputs[i], latencyMs: 1, pid: `p${i}`, requestId: `p${i}` })));
    recordFeedback(db, 'churn-logreg', served.map((r, i) => ({ id: `p${i}`, label: r['churn'] as string })), t0 + 500_000, 'test');
    const rec = await retrain({ model: 'churn-logreg@1', fromFeedback: true, window: '100' });
    expect(rec.status).toBe('compared');
    expect(rec.source).toMatch(/logged predictions with feedback labels \(dataset "churn-logreg feedback .*", 400 rows\)/);
    const l = rec.comparison!.labelled!;
    expect(l.rows).toBe(100);
    expect(l.label).toMatch(/latest 100 predictions/);
    expect(l.note).toMatch(/trained on labelled predictions/);
    // The champion on the last 100 labelled predictions: what it answered then, scored against the labels.
    const last = served.slice(-100);
    const proba = outputs.slice(-100).flatMap((p) => [p.probabilities!['no']!, p.probabilities!['yes']!]);
    const expected = classificationMetrics(last.map((r) => (r['churn'] === 'yes' ? 1 : 0)), proba, 2, { classNames: ['no', 'yes'], threshold: doc.threshold! });
    expect(l.champion['roc_auc']).toBeCloseTo(expected.metrics['roc_auc']!, 12);
    expect(l.challenger['roc_auc']).toBeGreaterThan(l.champion['roc_auc']!);
    expect(rec.promoted).toBe(false);
  }, 240_000);

  it('refuses what it cannot do, saying what to do instead', () => {
    expectError(() => host.retrain.start({ model: 'churn-logreg', data: 'churn', fromFeedback: true }), 'BAD_INPUT', /not both/);
    expectError(() => host.retrain.start({ model: 'churn-logreg', data: 'nope' }), 'NOT_FOUND', /No dataset "nope".*"churn"/);
    expectError(() => host.retrain.start({ model: 'churn-logreg', data: 'churn-no-state' }), 'BAD_INPUT', /lacks state, which churn-logreg v\d's spec needs/);
    expectError(() => host.retrain.start({ model: 'churn-logreg', window: 'fortnight' }), 'BAD_INPUT', /not a window/);
    expectError(() => host.retrain.start({ model: 'nobody' }), 'NOT_FOUND', /nobody/);
    expectError(() => host.retrain.saveSettings({ model: 'churn-logreg', onAlert: true, autoPromote: false, metric: 'rmse', data: null }), 'BAD_INPUT', /not a binary metric/);
  });

  it('cancels: the training run stops and the retrain ends cancelled, registering nothing', async () => {
    const db = host.currentProject!.db;
    const versions = listModels(db).find((m) => m.name === 'churn-logreg')!.versions.length;
    const { record, done } = host.retrain.start({ model: 'churn-logreg@1' });
    expectError(() => host.retrain.start({ model: 'churn-logreg@1' }), 'BAD_INPUT', /already retraining/);
    await host.dispatch('monitor:retrain-cancel', { id: record.id });
    const ended = await done;
    expect(ended).toMatchObject({ status: 'cancelled', challenger: null });
    expect(() => getVersion(db, 'churn-logreg', versions + 1)).toThrow();
    expectError(() => host.retrain.promote(record.id), 'BAD_INPUT', /only a compared challenger/);
  }, 240_000);

  it('a fired alert starts a retrain only when the model opted in, and auto-promotes a winner only when that is on', async () => {
    expect(host.retrain.onAlert('churn-logreg')).toBeNull();
    await host.dispatch('monitor:retrain-settings', { model: 'churn-logreg', onAlert: true, autoPromote: true, metric: 'roc_auc', data: 'churn-flipped' });
    const started = host.retrain.onAlert('churn-logreg')!;
    expect(started).toMatchObject({ trigger: 'alert', status: 'training', champion: 1 });
    await host.retrain.idle('churn-logreg');
    const overview = (await host.dispatch('monitor:retrains', { model: 'churn-logreg' })) as { history: RetrainRecord[]; settings: { onAlert: boolean } };
    expect(overview.settings).toMatchObject({ onAlert: true, autoPromote: true, data: 'churn-flipped' });
    expect(overview.history[0]).toMatchObject({ id: started.id, trigger: 'alert', status: 'compared', promoted: true });
    expect(overview.history.map((r) => r.status)).toEqual(['compared', 'cancelled', 'compared', 'compared', 'compared']);
  }, 240_000);

  it('a read-only project refuses every retrain write', async () => {
    await host.close();
    host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    host.openProject(file, true);
    await expect(host.dispatch('monitor:retrain', { model: 'churn-logreg' })).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(host.dispatch('monitor:retrain-promote', { id: 1 })).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(host.dispatch('monitor:retrain-settings', { model: 'churn-logreg', onAlert: false, autoPromote: false, metric: null, data: null })).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect(((await host.dispatch('monitor:retrains', { model: 'churn-logreg' })) as { history: unknown[] }).history).toHaveLength(5);
  });
});
