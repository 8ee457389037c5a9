import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { loadPredictor, type ModelDocument } from '../../../native-workers/ml/tabular/predictor';
import type { ReplayProgress, ReplayReport, TrainRunDetail, TrainRunSummary, TrainSpec } from '../../../preload/contract/train';
import type { ImportResult, JobInfo } from '../../../preload/contract/types';
import type { SchemaOverrides } from '../../../preload/contract/schema';
import { Host } from '../host';
import { sharedData, tempDir, waitFor } from '../testing';
import { countTableRows, tableRows } from '../../../native-workers/project/inspect';

const dir = tempDir('assay-train-');
let n = 0;

async function hostWith(files: Record<string, string>, schemas: Record<string, SchemaOverrides> = {}): Promise<{ host: Host; ids: Record<string, number> }> {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, `t${++n}.assay`));
  const ids: Record<string, number> = {};
  for (const [name, file] of Object.entries(files)) {
    const job = host.startImport({ source: { kind: 'path', path: file }, name, ...(schemas[name] ? { schema: schemas[name] } : {}) });
    const done = await host.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    ids[name] = (host.jobs.resultOf(job.id) as ImportResult).datasetId;
  }
  return { host, ids };
}

async function train(host: Host, spec: TrainSpec): Promise<TrainRunSummary> {
  const { runId } = (await host.dispatch('train:start', spec)) as { runId: number };
  return host.train.wait(runId);
}

function blobInts(b: Buffer): number[] {
  return Array.from(new Int32Array(new Uint8Array(b).buffer));
}

describe('Training runs through plan, parallel folds and a final refit', () => {
  it('cross-validates gradient boosting on the churn data, stores folds, model and plots', async () => {
    const { host, ids } = await hostWith({ churn: path.join(sharedData, 'mlc_churn.csv') });
    try {
      const updates: TrainRunSummary[] = [];
      host.push.subscribe((channel, payload) => {
        if (channel === 'train:update') updates.push(payload as TrainRunSummary);
      });
      const s = await train(host, { datasetId: ids.churn!, target: 'churn', model: 'gbdt', params: { n_rounds: 100 } });
      expect(s.error).toBeNull();
      expect(s.status).toBe('succeeded');
      expect(s.task).toBe('binary');
      expect(s.classes).toEqual(['no', 'yes']);
      expect(s.validation).toMatchObject({ kind: 'stratified', k: 5 });
      const folds = s.folds.filter((f) => f.fold >= 0);
      expect(folds).toHaveLength(5);
      expect(folds.every((f) => f.status === 'succeeded')).toBe(true);
      expect(s.metrics.roc_auc!.folds).toHaveLength(5);
      expect(s.metrics.roc_auc!.mean).toBeGreaterThan(0.88);
      expect(s.metrics.accuracy!.mean).toBeGreaterThan(0.9);
      expect(s.test?.roc_auc).toBeGreaterThan(0.85);
      expect(s.threshold).toBeGreaterThan(0);
      expect(s.timings?.folds).toBeGreaterThan(0);
      expect(updates.at(-1)?.status).toBe('succeeded');

      // Fold membership is stored: validation folds partition the training rows, none is a test row.
      const db = host.currentProject!.db;
      const rows = tableRows(db, 'train_folds', { columns: ['fold', 'train_rows', 'validation_rows'], where: { run_id: s.runId }, orderBy: 'fold' }) as {
        fold: number;
        train_rows: Buffer;
        validation_rows: Buffer;
      }[];
      const test = new Set(blobInts((tableRows(db, 'train_runs', { columns: ['test_rows'], where: { run_id: s.runId } })[0] as { test_rows: Buffer }).test_rows));
      expect(test.size).toBe(1000);
      const validation = rows.filter((r) => r.fold >= 0).flatMap((r) => blobInts(r.validation_rows));
      expect(new Set(validation).size).toBe(4000);
      expect(validation.some((i) => test.has(i))).toBe(false);
      for (const r of rows.filter((r) => r.fold >= 0)) {
        const v = new Set(blobInts(r.validation_rows));
        expect(blobInts(r.train_rows).some((i) => v.has(i) || test.has(i))).toBe(false);
      }

      const detail = (await host.dispatch('train:get', { runId: s.runId })) as TrainRunDetail;
      expect(detail.plots?.roc.map((c) => c.name)).toEqual(['fold 1', 'fold 2', 'fold 3', 'fold 4', 'fold 5', 'mean']);
      expect(detail.plots?.confusion?.counts.flat().reduce((a, b) => a + b, 0)).toBe(4000);
      expect(detail.plots?.importance[0]?.value).toBeGreaterThan(0);
      expect(detail.plots?.learningCurve?.sizes.length).toBeGreaterThanOrEqual(2);
      const model = JSON.parse((tableRows(db, 'train_models', { columns: ['model'], where: { run_id: s.runId } })[0] as { model: string }).model) as ModelDocument;
      expect(model).toMatchObject({ format: 'assay-tabular/1', task: 'binary', classes: ['no', 'yes'], target: 'churn' });

      // Parity: the stored model on the raw CSV text of the test rows gives exactly the test predictions of the run.
      const csv = Papa.parse<Record<string, string>>(fs.readFileSync(path.join(sharedData, 'mlc_churn.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
      const testRows = [...test].sort((a, b) => a - b);
      const stored = tableRows(db, 'train_folds', { columns: ['predictions'], where: { run_id: s.runId, fold: -1 } })[0] as { predictions: Buffer };
      const expected = new Float64Array(new Uint8Array(stored.predictions).buffer);
      const predictions = loadPredictor(model).predictRecords(testRows.map((i) => csv[i]!));
      expect(predictions.map((p) => p.probabilities!['yes'])).toEqual(Array.from({ length: testRows.length }, (_, i) => expected[2 * i + 1]));
      expect(predictions.filter((p) => p.label === 'yes').length).toBe(Array.from({ length: testRows.length }, (_, i) => expected[2 * i + 1]!).filter((p) => p >= s.threshold!).length);
      expect(model.positive).toBe('yes');
      expect(s.positive).toBe('yes');

      // #14.2: every fold's recall, and the pooled confusion matrix, are at the run's chosen threshold (not 0.5), like the test split.
      expect(s.threshold).not.toBe(0.5);
      expect(s.metricThresholds).toEqual({ folds: s.threshold, test: s.threshold });
      const foldRows = tableRows(db, 'train_folds', { columns: ['fold', 'validation_rows', 'predictions'], where: { run_id: s.runId }, orderBy: 'fold' }).filter((r) => Number(r['fold']) >= 0) as unknown as {
        fold: number;
        validation_rows: Buffer;
        predictions: Buffer;
      }[];
      let truePositives = 0;
      for (const r of foldRows) {
        const p = new Float64Array(new Uint8Array(r.predictions).buffer);
        const rowsOfFold = blobInts(r.validation_rows);
        const positives = rowsOfFold.filter((i) => csv[i]!['churn'] === 'yes').length;
        const hits = rowsOfFold.filter((i, j) => csv[i]!['churn'] === 'yes' && p[2 * j + 1]! >= s.threshold!).length;
        truePositives += hits;
        expect(s.metrics.recall!.folds[r.fold]).toBeCloseTo(hits / positives, 12);
      }
      expect(detail.plots?.confusion?.counts[1]?.[1]).toBe(truePositives);
      // Threshold-free metrics are the same whatever the threshold: ROC AUC of a fold from its own predictions.
      expect(s.metrics.roc_auc!.folds.every((v) => v !== null && v > 0.8)).toBe(true);
    } finally {
      await host.close();
    }
  });

  it('regression and multiclass runs report their own metrics', async () => {
    const { host, ids } = await hostWith({
      diabetes: path.join(sharedData, 'diabetes_raw.csv'),
      pima: path.join(sharedData, 'PimaIndiansDiabetes.csv'),
      digits: path.join(sharedData, 'digits.csv'),
    });
    try {
      const reg = await train(host, { datasetId: ids.diabetes!, target: 'target', model: 'ridge' });
      expect(reg.status).toBe('succeeded');
      expect(reg.task).toBe('regression');
      expect(reg.validation?.kind).toBe('kfold');
      expect(reg.metrics.r2!.mean).toBeGreaterThan(0.3);
      expect(Object.keys(reg.metrics)).toEqual(expect.arrayContaining(['mse', 'rmse', 'mae', 'mape', 'r2']));
      const detail = (await host.dispatch('train:get', { runId: reg.runId })) as TrainRunDetail;
      expect(detail.plots?.residuals?.predicted.length).toBe(reg.folds.filter((f) => f.fold >= 0).reduce((a, f) => a + f.validationRows, 0));

      const pima = await train(host, { datasetId: ids.pima!, target: 'diabetes', model: 'logreg', imbalance: 'weights', validation: { kind: 'repeated', k: 3, repeats: 2 } });
      expect(pima.status).toBe('succeeded');
      expect(pima.folds.filter((f) => f.fold >= 0)).toHaveLength(6);
      expect(pima.metrics.roc_auc!.mean).toBeGreaterThan(0.75);

      // Multiclass: one-vs-rest ROC and PR curves per class, and their macro mean.
      const digits = await train(host, { datasetId: ids.digits!, target: 'label', model: 'tree', validation: { kind: 'stratified', k: 3 } });
      expect(digits.status).toBe('succeeded');
      expect(digits.task).toBe('multiclass');
      const plots = ((await host.dispatch('train:get', { runId: digits.runId })) as TrainRunDetail).plots!;
      expect(plots.roc.map((c) => c.name)).toEqual([...digits.classes!.map((c) => `${c} vs rest`), 'mean']);
      expect(plots.pr).toHaveLength(11);
      expect(plots.roc.at(-1)!.area).toBeGreaterThan(0.8);
      expect(plots.confusion?.labels).toEqual(digits.classes);
    } finally {
      await host.close();
    }
  });

  it('trains the MLP on the picked TensorFlow.js backend (its folds count as GPU jobs only on a GPU backend)', async () => {
    const { host, ids } = await hostWith({ pima: path.join(sharedData, 'PimaIndiansDiabetes.csv') });
    try {
      const backend = await host.probeBackend();
      const run = await train(host, { datasetId: ids.pima!, target: 'diabetes', model: 'mlp', params: { epochs: 15 }, validation: { kind: 'stratified', k: 3 } });
      expect(run.status).toBe('succeeded');
      expect(run.metrics.roc_auc!.mean).toBeGreaterThan(0.7);
      const jobs = ((await host.dispatch('job:list', null)) as JobInfo[]).filter((j) => j.kind === 'train-fold' || j.kind === 'train-refit');
      expect(jobs).toHaveLength(4);
      for (const job of jobs) expect(job.gpu === true).toBe(backend.name === 'webgpu' || backend.name === 'tensorflow-gpu');
    } finally {
      await host.close();
    }
  }, 180_000);

  it('replays a run on a copy of a read-only project: identical numbers, progress per fold, the file untouched; a replay can be cancelled', async () => {
    const { host, ids } = await hostWith({ pima: path.join(sharedData, 'PimaIndiansDiabetes.csv') });
    try {
      const run = await train(host, { datasetId: ids.pima!, target: 'diabetes', model: 'tree', validation: { kind: 'stratified', k: 3 } });
      expect(run.status).toBe('succeeded');
      const file = host.currentProject!.path;
      host.openProject(file, true);
      const sha = (): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
      const before = sha();
      const progress: ReplayProgress[] = [];
      const unsubscribe = host.push.subscribe((channel, payload) => {
        if (channel === 'train:replayProgress') progress.push(payload as ReplayProgress);
      });
      const report = (await host.dispatch('train:replay', { runId: run.runId })) as ReplayReport;
      expect(report).toMatchObject({ runId: run.runId, identical: true, differences: [] });
      expect(report.compared).toBeGreaterThan(20);
      expect(progress.at(-1)).toEqual({ runId: run.runId, foldsDone: 3, foldsTotal: 3 });
      expect(sha()).toBe(before);
      expect(((await host.dispatch('train:list', null)) as TrainRunSummary[]).map((r) => r.runId)).toEqual([run.runId]);

      // Cancelled once its folds are under way: it says so, and nothing is left behind.
      progress.length = 0;
      const replaying = host.dispatch('train:replay', { runId: run.runId });
      await waitFor(() => progress.some((p) => p.foldsTotal > 0), { what: "the replay's folds to start" });
      await host.dispatch('train:cancelReplay', { runId: run.runId });
      await expect(replaying).rejects.toMatchObject({ code: 'CANCELLED' });
      unsubscribe();
      expect(sha()).toBe(before);
      await expect(host.dispatch('train:replay', { runId: 99 })).rejects.toThrow(/No training run 99/);
    } finally {
      await host.close();
    }
  });

  it('refuses bad input before any fold runs, with a message that says what to do', async () => {
    const file = path.join(dir, 'bad.csv');
    const lines = ['id,const,empty,x,label,rare'];
    for (let i = 0; i < 60; i++) lines.push(`${i + 1},7,,${(i * 37) % 11},${i % 2 ? 'a' : 'b'},${i < 3 ? 'r' : i % 2 ? 'p' : 'q'}`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const dirty = path.join(dir, 'dirty.csv');
    const dirtyLines = ['num,wild,y'];
    for (let i = 0; i < 80; i++) dirtyLines.push(`${i === 5 ? 'abc' : i === 9 ? 'n/a?' : (i * 13) % 17},${i % 10 === 0 ? 'Infinity' : i % 10 === 1 ? 'NaN' : i % 7},${i % 3 === 0 ? 'hi' : 'lo'}`);
    fs.writeFileSync(dirty, `${dirtyLines.join('\n')}\n`);
    const wide = path.join(dir, 'wide.csv');
    const header = [...Array.from({ length: 40 }, (_, j) => `f${j}`), 'y'].join(',');
    fs.writeFileSync(wide, `${header}\n${Array.from({ length: 30 }, (_, i) => [...Array.from({ length: 40 }, (_, j) => ((i + 1) * (j + 3)) % 11), (i * 7) % 5].join(',')).join('\n')}\n`);
    const one = path.join(dir, 'one.csv');
    fs.writeFileSync(one, `x,label\n${Array.from({ length: 30 }, (_, i) => `${i},same`).join('\n')}\n`);
    // "num" kept as text, as a user may type it: the import would otherwise type it integer and quarantine the 2 strays (#14.13).
    const { host, ids } = await hostWith({ bad: file, one, dirty, wide }, { dirty: { columns: { num: { type: 'text' } } } });
    try {
      const single = await train(host, { datasetId: ids.one!, target: 'label', model: 'tree' });
      expect(single.status).toBe('failed');
      expect(single.error).toMatch(/single value.*Every row is "same"/);
      expect(single.folds).toHaveLength(0);

      const missingTarget = await train(host, { datasetId: ids.bad!, target: 'nope', model: 'tree' });
      expect(missingTarget.error).toMatch(/no column "nope"/);

      const rare = await train(host, { datasetId: ids.bad!, target: 'rare', model: 'tree', testSize: 0 });
      expect(rare.status).toBe('failed');
      expect(rare.error).toMatch(/Class 'r' has only 3 rows/);

      const ok = await train(host, { datasetId: ids.bad!, target: 'label', model: 'tree', validation: { k: 3 } });
      expect(ok.status).toBe('succeeded');
      const excluded = Object.fromEntries(ok.excluded.map((e) => [e.column, e.reason]));
      expect(Object.keys(excluded)).toEqual(expect.arrayContaining(['id', 'const', 'empty']));
      expect(ok.features).toContain('x');

      // Text in a numeric column, NaN and Infinity: used as numbers, the rest missing, said so; never a NaN metric.
      const d = await train(host, { datasetId: ids.dirty!, target: 'y', model: 'logreg', validation: { k: 3 } });
      expect(d.status).toBe('succeeded');
      expect(d.warnings.join('\n')).toMatch(/"num" holds numbers but 2 cells are text \(e.g. "abc", "n\/a\?"\)/);
      for (const m of Object.values(d.metrics)) expect(m.folds.every((v) => v === null || Number.isFinite(v))).toBe(true);

      // More features than rows: ordinary least squares refuses, ridge warns.
      const ols = await train(host, { datasetId: ids.wide!, target: 'y', task: 'regression', model: 'linear', validation: { k: 3 }, testSize: 0 });
      expect(ols.error).toMatch(/more features \(37\) than training rows \(30\).*ridge or lasso/);
      const ridge = await train(host, { datasetId: ids.wide!, target: 'y', task: 'regression', model: 'ridge', validation: { k: 3 }, testSize: 0 });
      expect(ridge.status).toBe('succeeded');
      expect(ridge.warnings.join('\n')).toMatch(/more features \(37\) than training rows/);
    } finally {
      await host.close();
    }
  });

  it('warns about leakage, honours groups and time order, and searches parameters in nested CV', async () => {
    const file = path.join(dir, 'leaky.csv');
    const lines = ['id,customer,day,x1,x2,leak,label'];
    for (let i = 0; i < 300; i++) {
      const x1 = ((i * 7919) % 101) / 10;
      const x2 = ((i * 104729) % 97) / 10;
      const label = x1 + x2 > 9.7 ? 'yes' : 'no';
      lines.push(`${i + 1},c${i % 30},${1000 + i},${x1},${x2},${label === 'yes' ? 'Y' : 'N'},${label}`);
    }
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { host, ids } = await hostWith({ leaky: file });
    try {
      const s = await train(host, { datasetId: ids.leaky!, target: 'label', model: 'tree', validation: { kind: 'group', k: 5, groupColumn: 'customer' } });
      expect(s.status).toBe('succeeded');
      expect(s.lint.filter((l) => l.code === 'near-perfect-predictor').map((l) => l.column)).toEqual(['leak']);
      expect(s.excluded.map((e) => e.column)).toContain('id');
      const db = host.currentProject!.db;
      const customers = (rows: Buffer): Set<string> => new Set(blobInts(rows).map((i) => `c${i % 30}`));
      const folds = (tableRows(db, 'train_folds', { where: { run_id: s.runId } }) as { fold: number; train_rows: Buffer; validation_rows: Buffer }[]).filter((f) => f.fold >= 0);
      for (const f of folds) {
        const train = customers(f.train_rows);
        expect([...customers(f.validation_rows)].some((c) => train.has(c))).toBe(false);
      }

      const ts = await train(host, { datasetId: ids.leaky!, target: 'label', model: 'logreg', features: ['x1', 'x2'], validation: { kind: 'timeseries', k: 4, timeColumn: 'day' } });
      expect(ts.status).toBe('succeeded');
      const tsFolds = tableRows(db, 'train_folds', { columns: ['train_rows', 'validation_rows'], where: { run_id: ts.runId }, orderBy: 'fold' }) as { train_rows: Buffer; validation_rows: Buffer }[];
      for (const f of tsFolds) expect(Math.max(...blobInts(f.train_rows))).toBeLessThan(Math.min(...blobInts(f.validation_rows)));

      const searched = await train(host, {
        datasetId: ids.leaky!,
        target: 'label',
        model: 'tree',
        features: ['x1', 'x2'],
        validation: { k: 3 },
        search: { kind: 'grid', space: { max_depth: [1, 4], min_samples_leaf: [1, 5] }, innerK: 2 },
      });
      expect(searched.status).toBe('succeeded');
      const picked = searched.folds.filter((f) => f.fold >= 0).map((f) => f.params);
      expect(picked.every((p) => p && [1, 4].includes(p['max_depth'] as number))).toBe(true);
      expect(Object.keys(searched.params)).toEqual(expect.arrayContaining(['max_depth', 'min_samples_leaf']));
    } finally {
      await host.close();
    }
  });

  it('cancels a run: it ends as cancelled with no model', async () => {
    const { host, ids } = await hostWith({ churn: path.join(sharedData, 'mlc_churn.csv') });
    try {
      const { runId } = (await host.dispatch('train:start', { datasetId: ids.churn!, target: 'churn', model: 'rf', params: { n_trees: 400 } })) as { runId: number };
      await new Promise<void>((resolve) => {
        const off = host.push.subscribe((channel) => {
          if (channel === 'job:update' && host.jobs.list().some((j) => j.kind === 'train-fold' && j.status === 'running')) {
            off();
            resolve();
          }
        });
      });
      await host.dispatch('train:cancel', { runId });
      const s = await host.train.wait(runId);
      expect(s.status).toBe('cancelled');
      expect(countTableRows(host.currentProject!.db, 'train_models', { run_id: runId })).toBe(0);
      expect(s.folds.every((f) => f.status !== 'running' && f.status !== 'queued')).toBe(true);
    } finally {
      await host.close();
    }
  });
});
