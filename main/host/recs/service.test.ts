import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactFromParts, type AlsModel } from '../../../native-workers/ml/recs';
import { plantedInteractions } from '../../../native-workers/ml/recs/planted';
import { countTableRows } from '../../../native-workers/project/inspect';
import { readRecsModel } from '../../../native-workers/project/recs';
import { storeAs } from '../../../native-workers/project/columns/testing';
import type { RecsRunSummary, RecsTryAnswer } from '../../../preload/contract/recs';
import type { ImportResult, JobInfo } from '../../../preload/contract/types';
import { Host } from '../host';
import { tempDir } from '../testing';

/** The Recommend channels against a real project and real recs-train jobs: a grid search, its cancel, and "try it". */
const dir = tempDir('assay-recs-service-');
const planted = plantedInteractions({ users: 200, items: 80, groups: 4, perUser: 10, noise: 0.05, seed: 13 });
let host: Host;
let datasetId = 0;

beforeAll(async () => {
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, 'recs.assay'));
  const csv = path.join(dir, 'orders.csv');
  fs.writeFileSync(csv, `customer,product\n${planted.users.map((u, k) => `${u},${planted.items[k]}`).join('\n')}\n`);
  const job = host.startImport({ source: { kind: 'path', path: csv }, name: 'orders' });
  expect((await host.jobs.wait(job.id)).status).toBe('succeeded');
  datasetId = (host.jobs.resultOf(job.id) as ImportResult).datasetId;
}, 120_000);

afterAll(async () => {
  await host.close();
});

const base = { userColumn: 'customer', itemColumn: 'product', model: 'als' as const, seed: 2 };

describe('recs channels', () => {
  it('trains the same model, with the same holdout metrics, from the interactions stored as column chunks', async () => {
    const copy = host.startImport({ source: { kind: 'path', path: path.join(dir, 'orders.csv') }, name: 'orders (columns)' });
    expect((await host.jobs.wait(copy.id)).status).toBe('succeeded');
    const columnsId = (host.jobs.resultOf(copy.id) as ImportResult).datasetId;
    storeAs(host.currentProject!.db, columnsId, 'columns');
    const train = async (id: number): Promise<{ arrays: [string, unknown][]; metrics: unknown }> => {
      const { runId, jobId } = (await host.dispatch('recs:start', { datasetId: id, ...base, params: { iterations: 6 } })) as { runId: number; jobId: string };
      expect((await host.jobs.wait(jobId)).status).toBe('succeeded');
      const s = ((await host.dispatch('recs:list', null)) as RecsRunSummary[]).find((r) => r.runId === runId)!;
      const parts = readRecsModel(host.currentProject!.db, runId)!;
      return { arrays: [...parts.arrays.entries()].sort(([a], [b]) => a.localeCompare(b)), metrics: s.evaluation!.metrics };
    };
    const fromRows = await train(datasetId);
    const fromColumns = await train(columnsId);
    expect(fromColumns.arrays.length).toBeGreaterThan(0);
    expect(fromColumns).toEqual(fromRows);
  }, 120_000);

  it('searches factors × regularization on the holdout, keeps the best NDCG and refits the stored model with it', async () => {
    const { runId, jobId } = (await host.dispatch('recs:start', { datasetId, ...base, params: { iterations: 6 }, search: { factors: [2, 8], regularization: [0.01, 10] } })) as { runId: number; jobId: string };
    const done = await host.jobs.wait(jobId);
    expect(done.status).toBe('succeeded');
    const s = ((await host.dispatch('recs:list', null)) as RecsRunSummary[]).find((r) => r.runId === runId)!;
    expect(s.search!.trials.map((t) => t.params)).toEqual([
      { iterations: 6, factors: 2, regularization: 0.01 },
      { iterations: 6, factors: 2, regularization: 10 },
      { iterations: 6, factors: 8, regularization: 0.01 },
      { iterations: 6, factors: 8, regularization: 10 },
    ]);
    const best = s.search!.trials.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
    expect(s.search!.best).toEqual(best.params);
    expect(s.evaluation!.metrics.ndcg).toBe(best.ndcg);
    // The trials differ: the grid really trained different models.
    expect(new Set(s.search!.trials.map((t) => t.ndcg)).size).toBeGreaterThan(1);
    const parts = readRecsModel(host.currentProject!.db, runId)!;
    const model = artifactFromParts(parts.meta, parts.arrays).model as AlsModel;
    expect(model.factors).toBe(best.params['factors']);
    expect(model.regularization).toBe(best.params['regularization']);
  }, 120_000);

  it('draws a random search of the asked trials from a grid wider than a grid search takes, seeded', async () => {
    const grid = { factors: [2, 4, 6, 8, 10, 12, 14, 16], regularization: [0.001, 0.01, 0.1, 1, 3, 10, 30, 100, 300] };
    const trained = async (seed: number) => {
      const { runId, jobId } = (await host.dispatch('recs:start', { datasetId, ...base, params: { iterations: 3 }, search: grid, searchTrials: 3, seed })) as { runId: number; jobId: string };
      expect((await host.jobs.wait(jobId)).status).toBe('succeeded');
      return ((await host.dispatch('recs:list', null)) as RecsRunSummary[]).find((r) => r.runId === runId)!.search!;
    };
    const a = await trained(1);
    expect(a.trials).toHaveLength(3);
    for (const t of a.trials) {
      expect(grid.factors).toContain(t.params['factors']);
      expect(grid.regularization).toContain(t.params['regularization']);
    }
    expect(new Set(a.trials.map((t) => JSON.stringify(t.params))).size).toBe(3);
    expect(a.best).toEqual(a.trials.reduce((x, y) => (y.ndcg > x.ndcg ? y : x)).params);
    expect((await trained(1)).trials.map((t) => t.params)).toEqual(a.trials.map((t) => t.params));
    await expect(host.dispatch('recs:start', { datasetId, ...base, searchTrials: 3 })).rejects.toThrow(/searchTrials draws combinations from a search/);
    await expect(host.dispatch('recs:start', { datasetId, ...base, search: grid, searchTrials: 65 })).rejects.toThrow(/searchTrials/);
  }, 120_000);

  it('refuses a search without a holdout or over a parameter the model lacks, and cancels a search mid-way storing nothing', async () => {
    await expect(host.dispatch('recs:start', { datasetId, ...base, holdout: { kind: 'none' }, search: { factors: [2, 4] } })).rejects.toThrow(/search compares combinations on the holdout/);
    const bad = (await host.dispatch('recs:start', { datasetId, ...base, model: 'itemknn', search: { factors: [2, 4] } })) as { jobId: string };
    const failed: JobInfo = await host.jobs.wait(bad.jobId);
    expect(failed.error?.message).toMatch(/itemknn takes no parameter "factors"/);
    const { runId, jobId } = (await host.dispatch('recs:start', { datasetId, ...base, search: { iterations: [400, 401, 402, 403] } })) as { runId: number; jobId: string };
    await new Promise<void>((resolve) => {
      const off = host.push.subscribe((channel, payload) => {
        if (channel === 'job:progress' && (payload as { jobId: string; progress: { detail: string } }).jobId === jobId) {
          off();
          resolve();
        }
      });
    });
    host.jobs.cancel(jobId);
    expect((await host.jobs.wait(jobId)).status).toBe('cancelled');
    expect(countTableRows(host.currentProject!.db, 'recs_runs', { run_id: runId })).toBe(0);
  }, 120_000);

  it('tries a run on a known user (history beside new items) and on a stranger (popular, said so)', async () => {
    const runs = (await host.dispatch('recs:list', null)) as RecsRunSummary[];
    const runId = runs.find((r) => r.search)!.runId;
    const known = (await host.dispatch('recs:try', { runId, user: 'u3', k: 5 })) as RecsTryAnswer;
    const bought = new Set(planted.items.filter((_, k) => planted.users[k] === 'u3'));
    expect(known.history.map((h) => h.item).sort()).toEqual([...bought].sort());
    expect(known.items).toHaveLength(5);
    for (const x of known.items) expect(bought.has(x.item)).toBe(false);
    const stranger = (await host.dispatch('recs:try', { runId, user: 'nobody', k: 3 })) as RecsTryAnswer;
    expect(stranger).toMatchObject({ coldStart: true, history: [], note: expect.stringContaining('Unknown user') });
    await expect(host.dispatch('recs:try', { runId: 9999, user: 'u3' })).rejects.toThrow(/no stored model/);
  });
});
