import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorOverview } from '../../../preload/contract/monitoring';
import type { ColumnSummary } from '../../../native-workers/ml/monitor';
import { numberOf, quantileEdges } from '../../../native-workers/ml/monitor/summary';
import { loadPredictor } from '../../../native-workers/ml/tabular/predictor';
import { ensureReference, monitoredColumns } from '../../../native-workers/monitor/reference';
import { predictionInserter, servingEventInserter } from '../../../native-workers/project/predictions';
import { resolveModel } from '../../../native-workers/project/registry';
import { churnCsv, makeChurnProject } from '../export/test-project';
import { Host } from '../host';
import { tempDir } from '../testing';
import { monitorOverview } from './overview';

/**
 * The overview's panels beyond drift (#16.9): reference vs current
 * distributions, data quality and operations per window, checked against
 * numbers this test computes from the rows it logged and the stored reference.
 */
const dir = tempDir('assay-overview-');
let host: Host;
let o: MonitorOverview;
let inputs: Record<string, unknown>[];
const DAY1 = Date.UTC(2026, 0, 5, 10);
const DAY2 = Date.UTC(2026, 0, 6, 10);
const SHIFTED = 'total_day_minutes';
const BLANKED = 'total_eve_minutes';

beforeAll(async () => {
  const file = await makeChurnProject(dir, ['logreg']);
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.openProject(file);
  const db = host.currentProject!.db;
  const rows = Papa.parse<Record<string, unknown>>(fs.readFileSync(churnCsv, 'utf8'), { header: true, dynamicTyping: true, skipEmptyLines: true }).data.slice(0, 1200);
  // Day 1 as trained; day 2 (the latest window): one column shifted by about 2σ, another blank in 50 rows.
  inputs = rows.map(({ churn: _c, ...r }, i) => (i < 600 ? r : { ...r, [SHIFTED]: (r[SHIFTED] as number) + 110, ...(i < 650 ? { [BLANKED]: null } : {}) }));
  const outputs = loadPredictor(resolveModel(db, 'churn-logreg@1').doc).predictRecords(inputs);
  predictionInserter(db)(inputs.map((input, i) => ({ name: 'churn-logreg', version: 1, at: (i < 600 ? DAY1 : DAY2) + i * 1000, input, output: outputs[i], latencyMs: 1 + (i % 10), pid: `p${i}`, requestId: `r${i}` })));
  servingEventInserter(db)([
    { name: 'churn-logreg', version: 1, at: DAY2 + 5, status: 400, reason: 'bad_input', rows: 3, latencyMs: 1 },
    { name: 'churn-logreg', version: 1, at: DAY2 + 6, status: 400, reason: 'bad_json', rows: 0, latencyMs: 1 },
    { name: 'churn-logreg', version: 1, at: DAY1 + 7, status: 500, reason: 'internal', rows: 1, latencyMs: 1 },
  ]);
  o = monitorOverview(db, { model: 'churn-logreg@1', window: '1d' }, { store: false, now: DAY2 + 86_400_000 });
}, 240_000);

afterAll(async () => {
  await host.close();
});

/** Rows per bin (−∞, e₁], …, (e_k, ∞), counted here value by value. */
function countIn(values: readonly number[], edges: readonly number[]): number[] {
  const out = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    const bin = edges.findIndex((e) => v <= e);
    out[bin === -1 ? edges.length : bin]! += 1;
  }
  return out;
}

function reference(): Readonly<Record<string, ColumnSummary>> {
  const db = host.currentProject!.db;
  const { version, doc } = resolveModel(db, 'churn-logreg@1');
  return ensureReference(db, version, doc, { store: false }).reference.columns;
}

describe('monitorOverview: distributions, data quality, operations (#16.9)', () => {
  it('draws every column of the latest window over the reference’s own bins', () => {
    const ref = reference();
    const day2 = inputs.slice(600);
    expect(o.windows.map((w) => w.rows)).toEqual([600, 600]);
    expect(o.distributions.map((d) => d.name)).toEqual(o.columns.map((c) => c.name));
    for (const d of o.distributions) {
      const r = ref[d.name]!;
      expect(d.window).toBe(new Date(Date.UTC(2026, 0, 6)).toISOString());
      // The current counts and the missing ones are the window's rows.
      expect(d.current.reduce((a, b) => a + b, 0) + d.currentMissing).toBe(600);
      expect(d.reference.reduce((a, b) => a + b, 0)).toBe(r.count);
      if (r.kind === 'numeric') {
        const edges = quantileEdges(r);
        expect(d.bins).toHaveLength(edges.length + 1);
        const present = day2.map((x) => numberOf(x[d.name])).filter((v): v is number => v !== null);
        expect(d.current).toEqual(countIn(present, edges));
        expect(d.currentMissing).toBe(600 - present.length);
      } else {
        const current = day2.map((x) => String(x[d.name]));
        d.bins.filter((b) => b !== 'other').forEach((b, i) => {
          expect(d.reference[i]).toBe(r.counts[b] ?? 0);
          expect(d.current[i]).toBe(current.filter((v) => v === b).length);
        });
      }
    }
    expect(o.distributions.find((d) => d.name === BLANKED)!.currentMissing).toBe(50);
    // The shifted column's current counts crowd the last bins: its mass moved right.
    const shifted = o.distributions.find((d) => d.name === SHIFTED)!;
    expect(shifted.current[shifted.current.length - 1]!).toBeGreaterThan(300);
    expect(o.predictionDistribution).not.toBeNull();
    expect(o.predictionDistribution!.current.reduce((a, b) => a + b, 0)).toBe(600);
  });

  it('gives each window’s missing, out-of-range and unseen shares and its refused requests', () => {
    const ref = reference();
    const cols = monitoredColumns(resolveModel(host.currentProject!.db, 'churn-logreg@1').doc);
    expect(o.quality.map((q) => q.label)).toEqual(o.windows.map((w) => w.label));
    [inputs.slice(0, 600), inputs.slice(600)].forEach((rows, k) => {
      let missing = 0;
      let numeric = 0;
      let outside = 0;
      for (const c of cols) {
        const r = ref[c.name]!;
        for (const x of rows) {
          const n = r.kind === 'numeric' ? numberOf(x[c.name]) : x[c.name];
          if (n === null || n === undefined || n === '') {
            missing++;
            continue;
          }
          if (r.kind === 'numeric') {
            numeric++;
            if ((n as number) < r.min || (n as number) > r.max) outside++;
          }
        }
      }
      const q = o.quality[k]!;
      expect(q.rows).toBe(600);
      expect(q.missingRate).toBeCloseTo(missing / (600 * cols.length), 12);
      expect(q.outOfRange).toBeCloseTo(outside / numeric, 12);
    });
    expect(o.quality[1]!.missingRate).toBeGreaterThan(0);
    expect(o.quality[1]!.outOfRange!).toBeGreaterThan(o.quality[0]!.outOfRange!);
    expect(o.quality.map((q) => q.rejected)).toEqual([0, 2]);
  });

  it('lists the version’s serving windows: requests, latency percentiles, errors and refusals', () => {
    expect(o.operations.map((w) => w.start)).toEqual([new Date(Date.UTC(2026, 0, 5)).toISOString(), new Date(Date.UTC(2026, 0, 6)).toISOString()]);
    expect(o.operations.map((w) => w.rows)).toEqual([600, 600]);
    expect(o.operations.map((w) => w.requests)).toEqual([601, 602]);
    expect(o.operations.map((w) => [w.errors, w.rejected])).toEqual([
      [1, 0],
      [0, 2],
    ]);
    // Latencies 1…10 ms, 60 of each per window: numpy's linear median and 99th percentile.
    expect(o.operations.map((w) => w.p50Ms)).toEqual([5.5, 5.5]);
    expect(o.operations.every((w) => w.p99Ms === 10)).toBe(true);
  });
});
