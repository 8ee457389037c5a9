import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData, tempDir } from '../host/testing';
import { resolveTrainSpec, type TrainRunSummary } from '../../preload/contract/train';
import { runText } from './train';
import { cliEnv, cliRunner } from './testing';

const dir = tempDir('assay-cli-train-');
const env = cliEnv(dir);

const assay = cliRunner({ env, timeoutMs: 120_000 });

// Each test runs several CLI processes that train: past the default 60 s on a loaded 2-core machine.
describe('assay train and assay replay', { timeout: 300_000 }, () => {
  const project = path.join(dir, 'train.assay');

  it('trains headless, prints metrics as {name: {mean, std, folds}}, and a replay reproduces them exactly', () => {
    expect(assay('new', project).code).toBe(0);
    expect(assay('import', project, path.join(sharedData, 'breast_cancer.csv'), '--name', 'cancer').code).toBe(0);
    const res = assay('train', project, '--dataset', 'cancer', '--target', 'target', '--model', 'logreg', '--cv', '4', '--stratify', '--test-size', '0.25', '--pca', '5', '--seed', '7', '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as {
      runId: number;
      task: string;
      model: string;
      metrics: Record<string, { mean: number; std: number; folds: (number | null)[] }>;
      test: Record<string, number>;
      validation: { kind: string; k: number };
    };
    expect(out).toMatchObject({ task: 'binary', model: 'logreg', validation: { kind: 'stratified', k: 4 } });
    for (const name of ['roc_auc', 'pr_auc', 'accuracy', 'precision', 'recall', 'f1', 'log_loss', 'brier', 'mcc', 'balanced_accuracy']) {
      expect(out.metrics[name]!.folds).toHaveLength(4);
      expect(Number.isFinite(out.metrics[name]!.mean)).toBe(true);
    }
    expect(out.metrics.roc_auc!.mean).toBeGreaterThan(0.97);
    expect(out.test.roc_auc).toBeGreaterThan(0.95);

    const before = fs.readFileSync(project);
    const replay = assay('replay', project, String(out.runId), '--json');
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ runId: out.runId, identical: true, differences: [] });
    // Replaying works on a copy: the project file is left byte for byte as it was.
    expect(fs.readFileSync(project).equals(before)).toBe(true);
  });

  it('regression from the CLI reports rmse, mae and r2', () => {
    expect(assay('import', project, path.join(sharedData, 'diabetes_raw.csv'), '--name', 'diabetes').code).toBe(0);
    const res = assay('train', project, '--dataset', 'diabetes', '--target', 'target', '--model', 'lasso', '--param', 'alpha=0.1', '--cv', '3', '--json');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { task: string; metrics: Record<string, { mean: number }> };
    expect(out.task).toBe('regression');
    expect(out.metrics.r2!.mean).toBeGreaterThan(0.3);
    expect(out.metrics.rmse!.mean).toBeGreaterThan(0);
  });

  it('tunes parameters by nested CV with --search', () => {
    const res = assay('train', project, '--dataset', 'cancer', '--target', 'target', '--model', 'tree', '--cv', '3', '--search', 'grid', '--space', 'max_depth=2,6', '--inner-k', '2', '--json');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { folds: { fold: number; params?: Record<string, number> }[]; params: Record<string, number> };
    for (const f of out.folds.filter((f) => f.fold >= 0)) expect([2, 6]).toContain(f.params?.['max_depth']);
    expect([2, 6]).toContain(out.params['max_depth']);
    expect(assay('train', project, '--dataset', 'cancer', '--target', 'target', '--search', 'grid').stderr).toMatch(/--space/);
  });

  it('picks the boosting device with --device: auto trains here, gpu fails saying why where no hardware adapter exists (#18)', () => {
    const base = ['train', project, '--dataset', 'cancer', '--target', 'target', '--model', 'gbdt', '--param', 'n_rounds=5', '--cv', '2', '--json'];
    const auto = assay(...base, '--device', 'auto');
    expect(auto.code).toBe(0);
    expect((JSON.parse(auto.stdout) as { params: Record<string, unknown> }).params['device']).toBe('auto');
    const gpu = assay(...base, '--device', 'gpu');
    // This machine has no hardware GPU (at most Mesa's software adapter): the run fails with the reason and the way back.
    expect(gpu.code).toBe(1);
    expect(gpu.stderr).toMatch(/Gradient boosting on the GPU cannot start: .+\. Train with device cpu\./);
    expect(assay(...base, '--device', 'fast')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--device must be one of cpu, gpu, auto, not fast/) });
    expect(assay(...base, '--device', 'cpu', '--param', 'device=gpu')).toMatchObject({ code: 2, stderr: expect.stringMatching(/disagree/) });
  });

  it('says what is wrong, with exit code 2 for usage and 1 for bad input', () => {
    expect(assay('train', project, '--dataset', 'cancer', '--target', 'target', '--cv', '1')).toMatchObject({ code: 2 });
    const noDataset = assay('train', project, '--dataset', 'nope', '--target', 'x');
    expect(noDataset.code).toBe(1);
    expect(noDataset.stderr).toMatch(/No dataset "nope".*"cancer"/);
    const wrongTask = assay('train', project, '--dataset', 'diabetes', '--target', 'target', '--model', 'logreg', '--json');
    expect(wrongTask.code).toBe(1);
    expect(wrongTask.stderr).toMatch(/Logistic regression predicts classes/);
    expect(JSON.parse(wrongTask.stdout)).toMatchObject({ status: 'failed' });
    expect(assay('replay', project, '999').stderr).toMatch(/No training run 999/);
  });

  it('takes the minority "bad" class of a 5 % credit target as positive, says which threshold each number used, and --positive overrides (#14.2, #14.4)', () => {
    // credit_data.csv is 28 % "bad": keep every "good" loan and every 9th "bad" one, about 5 %.
    const lines = fs.readFileSync(path.join(sharedData, 'credit_data.csv'), 'utf8').trim().split('\n');
    let bad = 0;
    const kept = lines.slice(1).filter((l) => !l.startsWith('"bad"') || bad++ % 9 === 0);
    const file = path.join(dir, 'credit5.csv');
    fs.writeFileSync(file, [lines[0], ...kept].join('\n'));
    const credit = path.join(dir, 'credit.assay');
    expect(assay('new', credit).code).toBe(0);
    expect(assay('import', credit, file, '--name', 'credit5').code).toBe(0);
    const base = ['train', credit, '--dataset', 'credit5', '--target', 'Status', '--model', 'logreg', '--cv', '3', '--json'];
    const res = assay(...base);
    expect(res.stderr).toBe('');
    const out = JSON.parse(res.stdout) as {
      classes: string[];
      positive: string;
      threshold: number;
      metricThresholds: { folds: number; test: number };
      thresholdDependent: string[];
      metrics: Record<string, { mean: number }>;
      test: Record<string, number>;
    };
    expect(out.positive).toBe('bad');
    expect(out.classes).toEqual(['good', 'bad']);
    // PR AUC is about the rare class now, far from the 0.97 that "good" as positive gave.
    expect(out.metrics.pr_auc!.mean).toBeLessThan(0.8);
    expect(out.test.recall).toBeGreaterThan(0);
    expect(out.metricThresholds).toEqual({ folds: out.threshold, test: out.threshold });
    expect(out.thresholdDependent).toEqual(expect.arrayContaining(['recall', 'precision', 'f1', 'accuracy', 'f1_weighted']));
    expect(out.thresholdDependent).not.toContain('roc_auc');
    expect(out.thresholdDependent).not.toContain('brier');

    const good = JSON.parse(assay(...base, '--positive', 'good').stdout) as { positive: string; classes: string[]; metrics: Record<string, { mean: number }> };
    expect(good).toMatchObject({ positive: 'good', classes: ['bad', 'good'] });
    expect(good.metrics.pr_auc!.mean).toBeGreaterThan(0.9);

    const unknown = assay(...base, '--positive', 'Bad');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/"Bad" is not a class of "Status"; its classes are "bad" and "good"/);
  });

  it('marks each threshold-dependent number with the threshold it used; older runs show folds at 0.5 (#14.2)', () => {
    const run: TrainRunSummary = {
      runId: 3, status: 'succeeded', spec: resolveTrainSpec({ datasetId: 1, target: 'churn' }), datasetName: 'c', task: 'binary', validation: null,
      classes: ['no', 'yes'], features: ['a'], excluded: [], lint: [], warnings: [], params: {}, createdAt: '', seconds: 1, error: null, folds: [],
      metrics: { recall: { mean: 0.79, std: 0, folds: [] }, roc_auc: { mean: 0.9, std: 0, folds: [] } },
      test: { recall: 0.791, roc_auc: 0.91 }, threshold: 0.23712, metricThresholds: { folds: 0.23712, test: 0.23712 }, positive: 'yes',
    };
    const text = runText(run);
    expect(text).toContain('positive class: yes');
    expect(text).toMatch(/recall +0\.7900 ± 0\.0000 @0\.2371\n/);
    expect(text).toMatch(/roc_auc +0\.9000 ± 0\.0000\n/);
    expect(text).toContain('test: recall 0.7910 @0.2371, roc_auc 0.9100\n');
    expect(runText({ ...run, metricThresholds: undefined })).toMatch(/recall +0\.7900 ± 0\.0000 @0\.5\n/);
  });
});

