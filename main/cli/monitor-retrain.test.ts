import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RetrainRecord } from '../../preload/contract/retrain';
import { sharedData, tempDir } from '../host/testing';
import { cliEnv, cliRunner, json } from './testing';

const dir = tempDir('assay-cli-retrain-');
const assay = cliRunner({ env: cliEnv(dir), timeoutMs: 180_000 });

/** breast_cancer.csv with its 0/1 target flipped: the concept changed, so the registered model is now wrong. */
function flipped(): string {
  const [head, ...lines] = fs.readFileSync(path.join(sharedData, 'breast_cancer.csv'), 'utf8').trim().split('\n');
  const out = path.join(dir, 'flipped.csv');
  fs.writeFileSync(out, [head, ...lines.map((l) => l.replace(/,([01])$/, (_, t: string) => `,${t === '1' ? '0' : '1'}`))].join('\n'));
  return out;
}

describe('assay monitor retrain', () => {
  const project = path.join(dir, 'retrain.assay');

  it('retrains on newer data, compares side by side, promotes a winner with --promote, and says why it cannot', () => {
    expect(assay('new', project).code).toBe(0);
    expect(assay('import', project, path.join(sharedData, 'breast_cancer.csv'), '--name', 'cancer').code).toBe(0);
    expect(assay('import', project, flipped(), '--name', 'flipped').code).toBe(0);
    const run = json<{ runId: number }>(assay('train', project, '--dataset', 'cancer', '--target', 'target', '--model', 'logreg', '--validation', 'holdout', '--json'));
    expect(assay('register', project, String(run.runId), '--name', 'cancer').code).toBe(0);
    expect(assay('promote', project, 'cancer@1', '--stage', 'production').code).toBe(0);

    // The same data again: the same spec and seed make the same model, which does not win, so --promote changes nothing.
    const same = assay('monitor', 'retrain', project, '--model', 'cancer', '--promote');
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/cancer: retrain #1 of v1 on training dataset "cancer" as it is now \(569 rows\), run \d+: compared; challenger v2/);
    expect(same.stdout).toMatch(/test split: test split of run \d+ \(dataset "cancer"\), \d+ rows/);
    expect(same.stdout).toMatch(/roc_auc \*\s+(\d\.\d{4})\s+\1/);
    expect(same.stdout).toMatch(/does not beat the champion/);
    expect(same.stdout).toMatch(/not promoted: v2 stays at stage none/);

    const r = json<RetrainRecord>(assay('monitor', 'retrain', project, '--model', 'cancer@1', '--data', 'flipped', '--promote', '--json'));
    expect(r).toMatchObject({ model: 'cancer', champion: 1, challenger: 3, status: 'compared', promoted: true, trigger: 'user' });
    expect(r.comparison!.winner).toBe('challenger');
    expect(r.comparison!.testSplit!.challenger['roc_auc']).toBeGreaterThan(r.comparison!.testSplit!.champion['roc_auc']!);
    const models = json<{ name: string; versions: { version: number; stage: string }[] }[]>(assay('models', project, '--json'));
    expect(models[0]!.versions.find((v) => v.version === 3)!.stage).toBe('production');
    expect(assay('rollback', project, 'cancer').code).toBe(0);

    const none = assay('monitor', 'retrain', project, '--model', 'cancer', '--from-feedback');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/cancer has 0 logged predictions with feedback labels; a retrain needs at least 30\. Send labels/);
    const both = assay('monitor', 'retrain', project, '--model', 'cancer', '--from-feedback', '--data', 'flipped');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--data DATASET or --from-feedback, not both/);
    expect(assay('monitor', 'retrain', project, '--model', 'cancer', '--data', 'nope').stderr).toMatch(/No dataset "nope" in this project; it has: "cancer", "flipped"/);
  }, 600_000);
});
