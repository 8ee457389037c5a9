import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../../preload/contract/export';
import type { TrainRunSummary, TrainSpec } from '../../../preload/contract/train';
import type { ImportResult } from '../../../preload/contract/types';
import { readFold } from '../../../native-workers/project/train';
import { registerModel } from '../registry/register';
import { Host } from '../host';
import { tempDir } from '../testing';

/**
 * Dates as features, end to end (#14.18), on a daily series with weekly seasonality
 * (fixtures/make-daily-ridership.py): time-series CV ordered by `date`, which is
 * also a feature; the served and exported model take the raw date text.
 */
const dir = tempDir('assay-dates-');
const file = path.join(import.meta.dirname, 'fixtures', 'daily-ridership.csv');
const csv = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
let host: Host;
let datasetId = 0;
let withDates: TrainRunSummary;
let withoutDates: TrainRunSummary;

async function train(spec: Omit<TrainSpec, 'datasetId'>): Promise<TrainRunSummary> {
  const { runId } = (await host.dispatch('train:start', { datasetId, ...spec })) as { runId: number };
  return host.train.wait(runId);
}

beforeAll(async () => {
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, 'dates.assay'));
  const job = host.startImport({ source: { kind: 'path', path: file }, name: 'rides' });
  expect((await host.jobs.wait(job.id)).status).toBe('succeeded');
  datasetId = (host.jobs.resultOf(job.id) as ImportResult).datasetId;
  const base = { target: 'riders', model: 'gbdt', params: { n_rounds: 150 }, validation: { kind: 'timeseries', k: 5, timeColumn: 'date' } } as const;
  [withDates, withoutDates] = await Promise.all([train(base), train({ ...base, features: ['temp'] })]);
}, 240_000);

afterAll(async () => {
  await host.close();
});

describe('date features', () => {
  it('keeps the date as a feature (not an identifier) and says what it became', () => {
    expect(withDates.error).toBeNull();
    expect(withDates.status).toBe('succeeded');
    expect(withDates.features).toEqual(['date', 'temp']);
    expect(withDates.excluded).toEqual([]);
    // Daily dates carry no hour; three years vary in every other part.
    expect(withDates.derived).toEqual([{ column: 'date', parts: ['year', 'month', 'day_of_week', 'day_of_year', 'weekend'] }]);
    expect(withoutDates.derived).toEqual([]);
  });

  it('scores a higher R² with the calendar parts than without, on time-ordered folds and the later test days', () => {
    const r2 = withDates.metrics['r2']!.mean;
    const r2Without = withoutDates.metrics['r2']!.mean;
    // Printed for docs/figures.md: `npx vitest run main/host/train/dates.test.ts`.
    console.log(`daily ridership, gbdt, time-series 5-fold: CV R² ${r2.toFixed(3)} with date features, ${r2Without.toFixed(3)} without; test R² ${withDates.test!['r2']!.toFixed(3)} vs ${withoutDates.test!['r2']!.toFixed(3)}`);
    expect(r2).toBeGreaterThan(r2Without + 0.2);
    expect(withDates.test!['r2']!).toBeGreaterThan(withoutDates.test!['r2']! + 0.2);
  });

  it('the model server takes the raw date text and answers what training predicted for the test days', async () => {
    const db = host.currentProject!.db;
    registerModel(db, withDates.runId, 'rides');
    const test = readFold(db, withDates.runId, -1);
    const trained = test.predictions!;
    const rows = Array.from(test.validation, (i) => ({ date: csv[i]!['date'], temp: Number(csv[i]!['temp']) }));
    expect(rows[0]!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const { info, server } = await host.serving.start({ model: 'rides@1' });
    try {
      const res = await fetch(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { predictions: { value: number }[] };
      expect(body.predictions).toHaveLength(trained.length);
      body.predictions.forEach((p, i) => expect(p.value).toBeCloseTo(trained[i]!, 9));
      // A number is no date: the request is refused, naming the column and what to send.
      const bad = await fetch(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [{ date: 20240301, temp: 10 }] }) });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toMatch(/"date".*ISO 8601/);
    } finally {
      await host.serving.stop(info.serverId);
    }
  });

  it('the exported bundle derives the same parts from the raw dates: its own server passes the parity gate', async () => {
    const out = path.join(dir, 'bundle');
    const { jobId } = (await host.dispatch('export:start', { model: 'rides@1', to: out })) as { jobId: string };
    const done = await host.jobs.wait(jobId);
    expect(done.error).toBeNull();
    const r = host.jobs.resultOf(jobId) as ExportResult;
    expect(r.parity.rows).toBeGreaterThanOrEqual(20);
    expect(r.parity.maxDiff).toBeLessThanOrEqual(1e-6);
    const pipeline = JSON.parse(fs.readFileSync(path.join(out, 'preprocess.json'), 'utf8')) as { dates?: { name: string; parts: { part: string }[] }[] };
    expect(pipeline.dates?.[0]?.parts.map((p) => p.part)).toEqual(['year', 'month', 'day_of_week', 'day_of_year', 'weekend']);
  }, 180_000);
});
