import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersion, RegisteredModel } from '../../../preload/contract/registry';
import type { TrainRunSummary } from '../../../preload/contract/train';
import type { ImportResult } from '../../../preload/contract/types';
import { Host } from '../host';
import { sharedData, tempDir } from '../testing';
import { previousProduction, resolveModel } from '../../../native-workers/project/registry';

const dir = tempDir('assay-registry-');
const file = path.join(dir, 'registry.assay');
let host: Host;
let run: TrainRunSummary;
let failed: TrainRunSummary;
let sha256: string;
const pushes: RegisteredModel[][] = [];

async function call<T>(channel: string, req: unknown): Promise<T> {
  return (await host.dispatch(channel, req)) as T;
}

async function refusal(channel: string, req: unknown): Promise<{ code: string; message: string }> {
  try {
    await host.dispatch(channel, req);
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error(`${channel} was not refused`);
}

beforeAll(async () => {
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(file);
  host.push.subscribe((channel, payload) => {
    if (channel === 'registry:changed') pushes.push(payload as RegisteredModel[]);
  });
  const job = host.startImport({ source: { kind: 'path', path: path.join(sharedData, 'breast_cancer.csv') }, name: 'cancer' });
  expect((await host.jobs.wait(job.id)).status).toBe('succeeded');
  const imported = host.jobs.resultOf(job.id) as ImportResult;
  sha256 = imported.sha256;
  run = await host.train.start({ datasetId: imported.datasetId, target: 'target', model: 'tree', validation: { k: 3 } }).done;
  failed = await host.train.start({ datasetId: imported.datasetId, target: 'no such column', model: 'tree', validation: { k: 3 } }).done;
}, 120_000);

afterAll(async () => {
  await host.close();
});

describe('the model registry', () => {
  it('registers a finished run as numbered versions with metrics, lineage, schema and a filled card', async () => {
    expect(run.status).toBe('succeeded');
    const v1 = await call<ModelVersion>('registry:register', { runId: run.runId, name: 'cancer-target' });
    const v2 = await call<ModelVersion>('registry:register', { runId: run.runId, name: 'cancer-target' });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v1).toMatchObject({ name: 'cancer-target', runId: run.runId, kind: 'tabular', stage: 'none', task: 'binary', model: 'tree', target: 'target' });
    // A phase belongs to image runs only (image versions: main/host/serving/image-serving.test.ts).
    expect((await refusal('registry:register', { runId: run.runId, name: 'cancer-target', phase: 1 })).message).toMatch(/tabular run: a phase applies only to image runs/);
    expect(v1.metrics.roc_auc!.folds).toHaveLength(3);
    expect(v1.test?.roc_auc).toBeGreaterThan(0.8);
    expect(v1.lineage).toMatchObject({ datasetName: 'cancer', sha256 });
    expect(v1.lineage.source).toContain('breast_cancer.csv');
    // The schema is the pipeline's raw input columns: every feature the run used, none of the target.
    expect(v1.inputSchema.map((c) => c.name).sort()).toEqual([...run.features].sort());
    expect(v1.inputSchema.every((c) => c.kind === 'numeric')).toBe(true);
    for (const text of Object.values(v1.card)) expect(text.length).toBeGreaterThan(10);
    expect(v1.card.data).toContain(sha256.slice(0, 12));
    expect(v1.card.metrics).toContain('roc_auc');
    const list = await call<RegisteredModel[]>('registry:list', null);
    expect(list.map((m) => [m.name, m.versions.map((v) => v.version)])).toEqual([['cancer-target', [2, 1]]]);
    expect(pushes.at(-1)).toEqual(list);
  });

  it('resolves NAME, NAME@N and NAME@stage, and says what exists when it cannot', async () => {
    const db = host.currentProject!.db;
    // No production version yet: plain NAME is the newest.
    expect(resolveModel(db, 'cancer-target').version.version).toBe(2);
    expect(resolveModel(db, 'cancer-target@1').doc).toMatchObject({ format: 'assay-tabular/1', target: 'target' });
    expect(() => resolveModel(db, 'nope')).toThrow(/No registered model "nope"; registered: cancer-target/);
    expect(() => resolveModel(db, 'cancer-target@9')).toThrow(/has no version 9; it has 1, 2/);
    expect(() => resolveModel(db, 'cancer-target@latest')).toThrow(/not a version/);
    expect(() => resolveModel(db, 'cancer-target@production')).toThrow(/no version in production/);

    await call('registry:stage', { name: 'cancer-target', version: 1, stage: 'production' });
    await call('registry:stage', { name: 'cancer-target', version: 2, stage: 'staging' });
    expect(resolveModel(db, 'cancer-target').version.version).toBe(1);
    expect(resolveModel(db, 'cancer-target@production').version.version).toBe(1);
    expect(resolveModel(db, 'cancer-target@staging').version.version).toBe(2);
  });

  it('promoting to production demotes the previous one; a rollback brings it back', async () => {
    const v2 = await call<ModelVersion>('registry:stage', { name: 'cancer-target', version: 2, stage: 'production' });
    expect(v2.stage).toBe('production');
    const stages = (await call<RegisteredModel[]>('registry:list', null))[0]!.versions.map((v) => [v.version, v.stage]);
    expect(stages).toEqual([
      [2, 'production'],
      [1, 'none'],
    ]);
    expect(previousProduction(host.currentProject!.db, 'cancer-target')).toBe(1);
    const back = await call<ModelVersion>('registry:rollback', { name: 'cancer-target' });
    expect(back).toMatchObject({ version: 1, stage: 'production' });
    expect(resolveModel(host.currentProject!.db, 'cancer-target@production').version.version).toBe(1);
    expect(pushes.at(-1)![0]!.versions.map((v) => v.stage)).toEqual(['none', 'production']);
  });

  it('edits a card; refuses failed runs, bad names, bad stages and a rollback with nothing to go back to', async () => {
    const card = { intendedUse: 'Screening aid only.', data: 'Wisconsin.', metrics: 'AUC.', limits: 'Not for diagnosis.' };
    expect((await call<ModelVersion>('registry:card', { name: 'cancer-target', version: 2, card })).card).toEqual(card);
    expect((await refusal('registry:card', { name: 'cancer-target', version: 2, card: { ...card, limits: 3 } })).message).toMatch(/limits/);

    expect(failed.status).toBe('failed');
    expect(await refusal('registry:register', { runId: failed.runId, name: 'x' })).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/failed; only a finished run/) });
    expect((await refusal('registry:register', { runId: run.runId, name: 'has space' })).message).toMatch(/not a usable model name/);
    expect((await refusal('registry:register', { runId: run.runId, name: '../x' })).code).toBe('BAD_INPUT');
    expect((await refusal('registry:stage', { name: 'cancer-target', version: 1, stage: 'live' })).message).toMatch(/stage must be one of "none", "staging", "production"; got "live"/);
    expect((await refusal('registry:stage', { name: 'cancer-target', version: 7, stage: 'staging' })).code).toBe('NOT_FOUND');

    await call('registry:register', { runId: run.runId, name: 'solo' });
    expect((await refusal('registry:rollback', { name: 'solo' })).message).toMatch(/no earlier production version/);
    expect((await refusal('registry:rollback', { name: 'ghost' })).message).toMatch(/No registered model "ghost"/);
  });

  it('a read-only project lists models but refuses every change', async () => {
    await host.close();
    host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    host.openProject(file, true);
    expect((await call<RegisteredModel[]>('registry:list', null)).map((m) => m.name)).toEqual(['cancer-target', 'solo']);
    const card = { intendedUse: '', data: '', metrics: '', limits: '' };
    for (const [channel, req] of [
      ['registry:register', { runId: run.runId, name: 'more' }],
      ['registry:stage', { name: 'cancer-target', version: 2, stage: 'production' }],
      ['registry:rollback', { name: 'cancer-target' }],
      ['registry:card', { name: 'cancer-target', version: 1, card }],
    ] as const)
      expect((await refusal(channel, req)).code).toBe('READ_ONLY');
  });
});
