import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distDir } from '../host/paths';
import { sharedData, tempDir } from '../host/testing';

const dir = tempDir('assay-cli-train-');
const cliPath = path.join(distDir(), 'cli', 'assay.js');
const env = { ...process.env, ASSAY_HOME: path.join(dir, 'home') };

function assay(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('assay train and assay replay', () => {
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
});
