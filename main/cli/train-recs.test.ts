import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../host/testing';
import { openDatabase } from '../../native-workers/project/open';
import { getRecsSummary, readRecsModel } from '../../native-workers/project/recs';
import { artifactFromParts, recommend, type UserQuery } from '../../native-workers/ml/recs';
import { plantedInteractions } from '../../native-workers/ml/recs/planted';
import { countTableRows } from '../../native-workers/project/inspect';
import { Host } from '../host/host';
import { listDatasets } from '../../native-workers/project/datasets';
import { listRuns } from '../../native-workers/project/runs';
import { trainRecs } from './train-recs';
import { cliEnv, cliRunner } from './testing';

const dir = tempDir('assay-cli-recs-');
const env = cliEnv(dir);

const assay = cliRunner({ env, timeoutMs: 120_000 });

// Each CLI call starts a process and a worker; on the shared 2-core machine a test of several takes minutes.
// 400 users in 4 groups, each drawing mostly from its own quarter of 160 items; a purchase count
// as weight and a date per event, so last:N holds out each user's latest.
const planted = plantedInteractions({ users: 400, items: 160, groups: 4, perUser: 12, noise: 0.1, seed: 11 });
const interactions = path.join(dir, 'events.csv');
fs.writeFileSync(
  interactions,
  `customer,product,quantity,day\n${planted.users.map((u, k) => `${u},${planted.items[k]},${1 + (k % 3)},2024-01-${String(1 + planted.times[k]!).padStart(2, '0')}`).join('\n')}\n`,
);
// Item metadata: the group as a category and a blurb naming its colour.
const catalogue = path.join(dir, 'products.csv');
fs.writeFileSync(catalogue, `sku,genre,blurb\n${Array.from({ length: 160 }, (_, i) => `i${i},g${i % 4},a ${['red', 'green', 'blue', 'gold'][i % 4]} widget number ${i}`).join('\n')}\n`);

interface RecsJson {
  runId: number;
  model: string;
  users: number;
  items: number;
  interactions: number;
  metrics: Record<string, number>;
  warnings: string[];
}

describe('assay train-recs', () => {
  const project = path.join(dir, 'recs.assay');
  const common = ['--dataset', 'events', '--user', 'customer', '--item', 'product', '--weight', 'quantity', '--time', 'day', '--holdout', 'last:2', '--seed', '3', '--json'];
  const train = (...args: string[]): RecsJson => {
    const res = assay('train-recs', project, ...common, ...args);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    return JSON.parse(res.stdout) as RecsJson;
  };

  it('imports planted interactions and finds the structure popularity cannot', () => {
    expect(assay('new', project).code).toBe(0);
    expect(assay('import', project, interactions, '--name', 'events').code).toBe(0);
    expect(assay('import', project, catalogue, '--name', 'products').code).toBe(0);
    const popular = train('--model', 'popular');
    expect(popular).toMatchObject({ model: 'popular', users: 400, items: planted.items.reduce((s, i) => s.add(i), new Set<string>()).size, interactions: planted.users.length });
    expect(Object.keys(popular.metrics)).toEqual(['precision@10', 'recall@10', 'ndcg@10', 'map@10', 'hit_rate@10', 'mrr@10', 'coverage', 'popularity_bias']);
    const knn = train('--model', 'itemknn', '--param', 'neighbours=30');
    const als = train('--model', 'als', '--param', 'factors=16', '--param', 'iterations=8');
    for (const m of [knn, als]) {
      expect(m.metrics['ndcg@10']).toBeGreaterThan(2 * popular.metrics['ndcg@10']!);
      expect(m.metrics['recall@10']).toBeGreaterThan(2 * popular.metrics['recall@10']!);
      expect(m.metrics.coverage).toBeGreaterThan(popular.metrics.coverage!);
    }
    // Popularity recommends the same few items to everyone.
    expect(popular.metrics.coverage).toBeLessThan(0.15);

    // The stored model, trained on every interaction, recommends within the user's group with reasons.
    const db = openDatabase(project, { readonly: true });
    try {
      expect(getRecsSummary(db, knn.runId)?.evaluation?.k).toBe(10);
      const parts = readRecsModel(db, knn.runId)!;
      const artifact = artifactFromParts(parts.meta, parts.arrays);
      expect(artifact.model.kind).toBe('itemknn');
      const u = artifact.userIds.indexOf('u2');
      const a = artifact.history.indptr[u]!;
      const b = artifact.history.indptr[u + 1]!;
      const q: UserQuery = { user: u, items: artifact.history.indices.subarray(a, b), weights: artifact.history.data.subarray(a, b) };
      const recs = recommend(artifact.model, q, 5);
      const ids = recs.items.map((r) => artifact.model.itemIds[r.item]!);
      expect(ids.filter((id) => planted.groupOf(id) === 2).length).toBeGreaterThanOrEqual(4);
      expect(recs.items.every((r) => r.because.length > 0)).toBe(true);
      expect(countTableRows(db, 'recs_model_arrays', { run_id: als.runId })).toBeGreaterThan(3);
    } finally {
      db.close();
    }
  }, 240_000);

  it('trains content and hybrid models from an item-metadata dataset', () => {
    const content = train('--model', 'content', '--items', 'products', '--item-key', 'sku');
    const hybrid = train('--model', 'hybrid', '--items', 'products', '--item-key', 'sku', '--param', 'factors=16', '--param', 'iterations=5');
    const popular = train('--model', 'popular');
    expect(content.metrics['ndcg@10']).toBeGreaterThan(1.5 * popular.metrics['ndcg@10']!);
    expect(hybrid.metrics['ndcg@10']).toBeGreaterThan(1.5 * popular.metrics['ndcg@10']!);
  }, 240_000);

  it('refuses what cannot work, saying what to do instead', () => {
    const noItems = assay('train-recs', project, ...common, '--model', 'content');
    expect(noItems.code).toBe(1);
    expect(noItems.stderr).toMatch(/content model needs item metadata.*--items DATASET --item-key COL/);
    const badParam = assay('train-recs', project, ...common, '--model', 'als', '--param', 'neighbours=5');
    expect(badParam.code).toBe(1);
    expect(badParam.stderr).toMatch(/als takes no parameter "neighbours"; it takes factors/);
    const badColumn = assay('train-recs', project, ...common, '--model', 'als', '--user', 'client');
    expect(badColumn.stderr).toMatch(/user column "client" is not in dataset "events"; it has: "customer"/);
    const badHoldout = assay('train-recs', project, ...common, '--holdout', 'last:0');
    expect(badHoldout.code).toBe(2);

    // One interaction per user: nothing can be held out, and the message says why.
    const single = path.join(dir, 'single.csv');
    fs.writeFileSync(single, `customer,product\n${Array.from({ length: 50 }, (_, i) => `c${i},p${i % 7}`).join('\n')}\n`);
    expect(assay('import', project, single, '--name', 'single').code).toBe(0);
    const res = assay('train-recs', project, '--dataset', 'single', '--user', 'customer', '--item', 'product', '--model', 'popular');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/every user has a single interaction/);
    // Without a holdout it trains (and stores) a model all the same.
    expect(assay('train-recs', project, '--dataset', 'single', '--user', 'customer', '--item', 'product', '--model', 'popular', '--holdout', 'none').code).toBe(0);
  }, 240_000);

  it('reports progress and stops at a cancel, storing no model', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    try {
      host.openProject(project);
      const events = listDatasets(host.currentProject!.db).find((d) => d.name === 'events')!;
      const values: number[] = [];
      host.push.subscribe((channel, payload) => {
        if (channel !== 'job:progress') return;
        const { jobId, progress } = payload as { jobId: string; progress: { value: number; title: string } };
        values.push(progress.value);
        // Cancel once ALS is well into its (long) training.
        if (progress.title.startsWith('Training als') && progress.value > 0.1) host.jobs.cancel(jobId);
      });
      const spec = { datasetId: events.id, userColumn: 'customer', itemColumn: 'product', model: 'als' as const, params: { factors: 32, iterations: 500 } };
      await expect(trainRecs(host, spec)).rejects.toThrow(/cancelled; no model was stored/);
      expect(values.length).toBeGreaterThan(1);
      expect([...values].sort((a, b) => a - b)).toEqual(values);
      const run = listRuns(host.currentProject!.db)[0]!;
      expect(run).toMatchObject({ kind: 'recs-train', status: 'cancelled' });
      expect(countTableRows(host.currentProject!.db, 'recs_runs', { run_id: run.id })).toBe(0);
    } finally {
      await host.close();
    }
  }, 120_000);
});
