import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData, tempDir } from '../host/testing';
import { cliEnv, cliRunner, json } from './testing';

const dir = tempDir('assay-cli-registry-');
const env = cliEnv(dir);

const assay = cliRunner({ env, timeoutMs: 120_000 });

// Each test runs several CLI processes that train: past the default 60 s on a loaded 2-core machine.
describe('assay register, models, promote and rollback', { timeout: 300_000 }, () => {
  const project = path.join(dir, 'registry.assay');
  let runId = 0;

  it('registers a run twice, promotes, rolls back and lists', () => {
    expect(assay('new', project).code).toBe(0);
    expect(assay('import', project, path.join(sharedData, 'breast_cancer.csv'), '--name', 'cancer').code).toBe(0);
    const run = json<{ runId: number }>(assay('train', project, '--dataset', 'cancer', '--target', 'target', '--model', 'tree', '--cv', '3', '--json'));
    runId = run.runId;

    expect(json(assay('register', project, String(run.runId), '--name', 'cancer', '--json'))).toEqual({ name: 'cancer', version: 1, stage: 'none', kind: 'tabular' });
    expect(assay('register', project, String(run.runId), '--name', 'cancer').stdout).toMatch(/as cancer version 2/);
    expect(json(assay('promote', project, 'cancer@1', '--stage', 'production', '--json'))).toEqual({ name: 'cancer', version: 1, stage: 'production', kind: 'tabular' });
    expect(json(assay('promote', project, 'cancer@2', '--stage', 'staging', '--json'))).toMatchObject({ version: 2, stage: 'staging' });
    // The staging version goes to production by its stage name; v1 steps down.
    expect(json(assay('promote', project, 'cancer@staging', '--stage', 'production', '--json'))).toMatchObject({ version: 2, stage: 'production' });
    expect(json(assay('rollback', project, 'cancer', '--json'))).toEqual({ name: 'cancer', version: 1, stage: 'production', kind: 'tabular' });

    const models = json<{ name: string; versions: { version: number; stage: string; runId: number; inputSchema: unknown[] }[] }[]>(assay('models', project, '--json'));
    expect(models.map((m) => m.name)).toEqual(['cancer']);
    expect(models[0]!.versions.map((v) => [v.version, v.stage, v.runId])).toEqual([
      [2, 'none', run.runId],
      [1, 'production', run.runId],
    ]);
    expect(models[0]!.versions[0]!.inputSchema.length).toBe(30);
    expect(assay('models', project).stdout).toMatch(/cancer\n\s+v2\s+none\s+run \d+\s+tree\s+roc_auc 0\.\d{4} ± /);
  });

  it('says what is wrong: exit 1 for bad input, 2 for usage', () => {
    const unknown = assay('promote', project, 'nope@1', '--stage', 'production');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('assay: No registered model "nope"; registered: cancer.\n');
    expect(assay('promote', project, 'cancer@5', '--stage', 'production').stderr).toMatch(/has no version 5; it has 1, 2/);
    expect(assay('register', project, '999', '--name', 'x')).toMatchObject({ code: 1, stderr: expect.stringMatching(/run 999 does not exist/) });
    expect(assay('register', project, String(runId), '--name', 'bad name').stderr).toMatch(/not a usable model name/);
    expect(assay('register', project, String(runId))).toMatchObject({ code: 2 });
    expect(assay('promote', project, 'cancer@1', '--stage', 'live')).toMatchObject({ code: 2 });
    expect(assay('promote', project, 'cancer', '--stage', 'production')).toMatchObject({ code: 2 });
    expect(assay('rollback', project)).toMatchObject({ code: 2 });
    const solo = json<{ version: number }>(assay('register', project, String(runId), '--name', 'solo', '--json'));
    expect(solo.version).toBe(1);
    expect(assay('rollback', project, 'solo').stderr).toMatch(/no earlier production version/);
  });
});
