import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeClassFolder, writePixelCsvFolder } from '../../native-workers/images/test-images';
import { sharedData, tempDir } from '../host/testing';
import { cliEnv, cliRunner } from './testing';

const dir = tempDir('assay-cli-images-');
const env = cliEnv(dir);

const assay = cliRunner({ env, timeoutMs: 300_000 });

describe('assay train-images, predict and export-images', () => {
  it('trains on real digits written as PNG folders, prints per-phase accuracy and macro F1, predicts files', () => {
    const folder = path.join(dir, 'digits');
    // Three digits, 12 images each, from scikit-learn's digits (8×8 grey, 0..16).
    expect(writePixelCsvFolder(path.join(sharedData, 'digits.csv'), folder, { labelColumn: 'label', side: 8, max: 16, perClass: 12, classes: ['0', '1', '7'] })).toBe(36);
    const project = path.join(dir, 'digits.assay');
    const res = assay('train-images', project, '--folder', folder, '--input-size', '96', '--epochs', '40', '--seed', '3', '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as {
      runId: number;
      status: string;
      classes: string[];
      phases: { phase: number; accuracy: number; macro_f1: number; confusion: number[][] }[];
      phase1: { accuracy: number; macro_f1: number };
      images: { usable: number; split: { test: number } };
      backbone: { name: string; features: number };
    };
    expect(out).toMatchObject({ status: 'succeeded', classes: ['0', '1', '7'], backbone: { name: 'mobilenet_v2', features: 1280 }, images: { usable: 36 } });
    expect(out.phase1.accuracy).toBe(out.phases[0]!.accuracy);
    // Digits 0, 1 and 7 are easy to tell apart even from 8×8 pixels.
    expect(out.phase1.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(out.phase1.macro_f1).toBeGreaterThanOrEqual(0.75);
    expect(out.phases[0]!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(out.images.split.test);

    const pred = assay('predict', project, '--run', String(out.runId), path.join(folder, '7', '0.png'), path.join(folder, '0', '1.png'), '--json');
    expect(pred.code).toBe(0);
    const p = JSON.parse(pred.stdout) as { predictions: { path: string; label: string; confidence: number; error: string | null }[] };
    expect(p.predictions).toHaveLength(2);
    expect(p.predictions.every((x) => x.error === null && x.confidence > 0 && x.confidence <= 1)).toBe(true);

    const bad = assay('predict', project, '--run', String(out.runId), path.join(dir, 'nope.png'));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/nope\.png: error: .*ENOENT/);

    const exported = assay('export-images', project, '--run', String(out.runId), '--to', path.join(dir, 'export'), '--json');
    expect(exported.code).toBe(0);
    expect((JSON.parse(exported.stdout) as { files: string[] }).files).toEqual(['group1-shard1of1.bin', 'model.json', 'preprocessing.json']);

    // A replay re-runs both phases on a copy of the project and finds every number the same; the file is untouched.
    const before = fs.readFileSync(project);
    const replay = assay('replay', project, String(out.runId), '--json');
    expect(replay.code).toBe(0);
    const report = JSON.parse(replay.stdout) as { runId: number; identical: boolean; compared: number; differences: unknown[] };
    expect(report).toMatchObject({ runId: out.runId, identical: true, differences: [] });
    // Status, backbone, classes, 7 metrics per phase and one entry per epoch.
    expect(report.compared).toBeGreaterThan(3 + 2 * 7);
    expect(fs.readFileSync(project).equals(before)).toBe(true);
    // Five CLI processes, two of them training: as the host's image tests, more than vitest's default minute under load.
  }, 300_000);

  it('says clearly what is wrong with the input, with exit codes 1 (input) and 2 (usage)', async () => {
    const single = path.join(dir, 'single');
    await writeClassFolder(single, ['cats'], 3, 16);
    const r = assay('train-images', path.join(dir, 'x.assay'), '--folder', single);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Only one class \('cats', 3 usable images\)/);
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    expect(assay('train-images', path.join(dir, 'x.assay'), '--folder', empty).stderr).toMatch(/holds no PNG, JPEG or WebP images/);
    expect(assay('train-images', path.join(dir, 'x.assay')).code).toBe(2);
    // Every numeric setting is checked against the app's own ranges before anything is imported.
    expect(assay('train-images', path.join(dir, 'x.assay'), '--folder', single, '--epochs', '0').stderr).toMatch(/--epochs must be a whole number from 1 to 10000, not 0/);
    expect(assay('train-images', path.join(dir, 'x.assay'), '--folder', single, '--input-size', '100').stderr).toMatch(/--input-size must be a multiple of 32 from 32 to 512, not 100/);
    expect(assay('train-images', path.join(dir, 'x.assay'), '--folder', single, '--fine-tune-epochs', '0').code).toBe(2);
    expect(assay('train-images', path.join(dir, 'x.assay'), '--folder', single, '--head', 'svm').stderr).toMatch(/--head takes logreg or dense, not svm/);
    expect(assay('predict', path.join(dir, 'x.assay'), '--run', '99', 'a.png').stderr).toMatch(/Image training run 99 does not exist/);
  }, 300_000);
});
