import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData, tempDir } from '../host/testing';
import { connect } from '../../native-workers/project/open';
import { deleteMonitorReference, tableRows } from '../../native-workers/project/inspect';
import { predictionInserter, type LoggedPrediction } from '../../native-workers/project/predictions';
import { storeAs } from '../../native-workers/project/columns/testing';
import { cliEnv, cliRunner, json } from './testing';

const dir = tempDir('assay-cli-monitor-');
const env = cliEnv(dir);

const assay = cliRunner({ env, timeoutMs: 120_000 });

interface Check {
  model: string;
  version: number;
  rows: number;
  datasetDrift: boolean | null;
  reason?: string;
  columns: Record<string, { method: string; statistic: number | null; pValue?: number; threshold: number; drift: boolean | null; reason?: string }>;
  prediction: { method: string; statistic: number; drift: boolean } | null;
  performance?: { method: string; accuracy: number; tp: number; fp: number; fn: number; tn: number };
  windows?: { window: string; rows: number; datasetDrift: boolean | null; reason?: string }[];
  reference: { rows: number; origin: string };
  alerts: unknown[];
}

/** breast_cancer.csv with `shift` (in population standard deviations) added to one column and `drop` columns left out. */
function variant(file: string, column: string, shift: number, drop: readonly string[] = []): { path: string; rows: Record<string, string>[] } {
  const [head, ...lines] = fs.readFileSync(path.join(sharedData, 'breast_cancer.csv'), 'utf8').trim().split('\n');
  const names = head!.split(',');
  const at = names.indexOf(column);
  const values = lines.map((l) => Number(l.split(',')[at]));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  const keep = names.map((n) => !drop.includes(n));
  const rows = lines.map((l) => {
    const cells = l.split(',');
    cells[at] = String(Number(cells[at]) + shift * sd);
    return cells;
  });
  const out = path.join(dir, file);
  fs.writeFileSync(out, [names.filter((_, i) => keep[i]), ...rows.map((r) => r.filter((_, i) => keep[i]))].map((r) => r.join(',')).join('\n'));
  return { path: out, rows: rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]!]))) };
}

describe('assay monitor check', () => {
  const project = path.join(dir, 'monitor.assay');

  it('flags the shifted column only, estimates performance, and keeps the reference made at registration', () => {
    expect(assay('new', project).code).toBe(0);
    expect(assay('import', project, path.join(sharedData, 'breast_cancer.csv'), '--name', 'cancer').code).toBe(0);
    expect(assay('import', project, variant('shifted.csv', 'mean texture', 1).path, '--name', 'shifted').code).toBe(0);
    const run = json<{ runId: number }>(assay('train', project, '--dataset', 'cancer', '--target', 'target', '--model', 'tree', '--cv', '3', '--json'));
    expect(assay('register', project, String(run.runId), '--name', 'cancer').code).toBe(0);

    const r = json<Check>(assay('monitor', 'check', project, '--model', 'cancer', '--data', 'shifted', '--json'));
    expect(r).toMatchObject({ model: 'cancer', version: 1, rows: 569, datasetDrift: false, alerts: [], reference: { rows: 569, origin: 'registration' } });
    const drifting = Object.entries(r.columns).filter(([, c]) => c.drift).map(([n]) => n);
    expect(drifting).toEqual(['mean texture']);
    // A reference of 569 rows is tested: KS at p < 0.05.
    expect(r.columns['mean texture']).toMatchObject({ method: 'ks', threshold: 0.05, drift: true });
    expect(r.columns['mean texture']!.pValue).toBeLessThan(1e-20);
    expect(r.columns['mean radius']).toMatchObject({ method: 'ks', statistic: 0, pValue: 1, drift: false });
    expect(r.prediction).toMatchObject({ method: 'ks' });
    expect(r.performance?.method).toBe('cbpe');
    expect(r.performance!.tp + r.performance!.fp + r.performance!.fn + r.performance!.tn).toBeCloseTo(569, 6);
    expect(r.performance!.accuracy).toBeGreaterThan(0.7);

    // Unshifted data: nothing drifts.
    const same = json<Check>(assay('monitor', 'check', project, '--model', 'cancer', '--data', 'cancer', '--json'));
    expect(Object.values(same.columns).every((c) => c.drift === false)).toBe(true);
    // Training runs in a worker: on a loaded 2-core machine this test takes minutes.
  }, 300_000);

  it('builds the reference on first use for a version that has none, and keeps it', () => {
    const db = connect(project, false);
    deleteMonitorReference(db, 'cancer', 1);
    db.close();
    const r = json<Check>(assay('monitor', 'check', project, '--model', 'cancer@1', '--data', 'shifted', '--json'));
    expect(r.reference.origin).toBe('first-use');
    expect(r.columns['mean texture']!.drift).toBe(true);
    const again = connect(project, true);
    expect(tableRows(again, 'monitor_references', { columns: ['origin'], where: { name: 'cancer', version: 1 } })).toEqual([{ origin: 'first-use' }]);
    again.close();
  });

  it('reads columnar datasets as it read row tables: the same reference built from the training data, the same check of the data', () => {
    const rows = json<Check>(assay('monitor', 'check', project, '--model', 'cancer@1', '--data', 'shifted', '--json'));
    const db = connect(project, false);
    deleteMonitorReference(db, 'cancer', 1);
    // Both datasets stored as column chunks from here on: the later cases read them so too.
    for (const name of ['cancer', 'shifted']) storeAs(db, (tableRows(db, 'datasets', { columns: ['id'], where: { name } })[0] as { id: number }).id, 'columns');
    db.close();
    const columns = json<Check>(assay('monitor', 'check', project, '--model', 'cancer@1', '--data', 'shifted', '--json'));
    expect(columns.reference).toEqual({ ...rows.reference, origin: 'first-use' });
    expect(columns.columns).toEqual(rows.columns);
    expect(columns.prediction).toEqual(rows.prediction);
    expect(columns.performance).toEqual(rows.performance);
    expect(columns.rows).toBe(569);
  }, 300_000);

  it('reports a column missing from the data, takes per-column methods, and windows every N rows', () => {
    expect(assay('import', project, variant('partial.csv', 'mean texture', 0, ['worst area']).path, '--name', 'partial').code).toBe(0);
    const r = json<Check>(assay('monitor', 'check', project, '--model', 'cancer', '--data', 'partial', '--method', 'mean radius=psi:0.2', '--window', '200', '--json'));
    expect(r.columns['worst area']).toMatchObject({ drift: null, statistic: null, reason: 'Column worst area is missing from the current data.' });
    expect(r.columns['mean radius']).toMatchObject({ method: 'psi', threshold: 0.2, drift: false });
    expect(r.windows!.map((w) => [w.window, w.rows])).toEqual([
      ['rows 1-200', 200],
      ['rows 201-400', 200],
      ['rows 401-600', 169],
    ]);
    const few = json<Check>(assay('monitor', 'check', project, '--model', 'cancer', '--data', 'partial', '--window', '550', '--json'));
    expect(few.windows![1]).toMatchObject({ rows: 19, datasetDrift: null, reason: expect.stringMatching(/Only 19 rows in this window; a verdict needs at least 30/) });
  }, 300_000);

  it('evaluates the alert rules on the drift it found: exit 3 while a rule holds, 0 when none does', () => {
    const add = assay('monitor', 'alerts', project, '--model', 'cancer', '--add', 'drift:mean texture > 0.2', '--window', '1d', '--min-rows', '100', '--json');
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ metric: 'drift:mean texture', op: '>', threshold: 0.2 });
    // The training data itself: the KS statistic of mean texture is 0.
    const calm = assay('monitor', 'check', project, '--model', 'cancer', '--data', 'cancer', '--json');
    expect(calm.code).toBe(0);
    expect((JSON.parse(calm.stdout) as Check).alerts).toEqual([]);

    const drifting = assay('monitor', 'check', project, '--model', 'cancer', '--data', 'shifted', '--json');
    expect(drifting).toMatchObject({ code: 3, stderr: '' });
    const r = JSON.parse(drifting.stdout) as Check;
    expect(r.alerts).toEqual([
      expect.objectContaining({ ruleId: 1, metric: 'drift:mean texture', op: '>', threshold: 0.2, value: r.columns['mean texture']!.statistic, rows: 569, fired: true, delivered: null }),
    ]);
    // Recorded in the history, as a scheduled or --evaluate firing is.
    const history = JSON.parse(assay('monitor', 'alerts', project, '--model', 'cancer', '--history', '--json').stdout) as { ruleId: number; value: number }[];
    expect(history).toMatchObject([{ ruleId: 1, value: r.columns['mean texture']!.statistic }]);

    // Again within the rule's cooldown: still alerting (exit 3), not fired nor recorded twice.
    const again = assay('monitor', 'check', project, '--model', 'cancer', '--data', 'shifted');
    expect(again.code).toBe(3);
    expect(again.stdout).toMatch(/ALERT rule #1: drift:mean texture = 0\.\d{4} > 0\.2 \(569 rows\), fired before \(not sent again\)/);
    expect(JSON.parse(assay('monitor', 'alerts', project, '--model', 'cancer', '--history', '--json').stdout)).toHaveLength(1);
    expect(assay('monitor', 'alerts', project, '--model', 'cancer', '--remove', '1').code).toBe(0);
    expect(assay('monitor', 'check', project, '--model', 'cancer', '--data', 'shifted').code).toBe(0);
  }, 300_000);

  it('--calibration: thresholds at mean + 3σ of the statistic over chunks of the training data', () => {
    const r = json<Check & { columns: Record<string, { compares: string }> }>(assay('monitor', 'check', project, '--model', 'cancer', '--data', 'shifted', '--calibration', '100', '--json'));
    // The same threshold computed here: KS statistics of five consecutive 100-row chunks of mean radius against all 569 rows.
    const [head, ...lines] = fs.readFileSync(path.join(sharedData, 'breast_cancer.csv'), 'utf8').trim().split('\n');
    const at = head!.split(',').indexOf('mean radius');
    const all = lines.map((l) => Number(l.split(',')[at])).sort((a, b) => a - b);
    const cdf = (sorted: readonly number[], x: number): number => sorted.filter((v) => v <= x).length / sorted.length;
    const column = lines.map((l) => Number(l.split(',')[at]));
    const stats = [0, 1, 2, 3, 4].map((c) => {
      const chunk = column.slice(c * 100, (c + 1) * 100).sort((a, b) => a - b);
      return Math.max(...[...chunk, ...all].map((x) => Math.abs(cdf(chunk, x) - cdf(all, x))));
    });
    const mean = stats.reduce((a, b) => a + b, 0) / stats.length;
    const sd = Math.sqrt(stats.reduce((a, b) => a + (b - mean) ** 2, 0) / stats.length);
    expect(r.columns['mean radius']).toMatchObject({ method: 'ks', compares: 'statistic', drift: false });
    expect(r.columns['mean radius']!.threshold).toBeCloseTo(mean + 3 * sd, 12);
    expect(Object.entries(r.columns).filter(([, c]) => c.drift).map(([n]) => n)).toEqual(['mean texture']);
    expect(assay('monitor', 'check', project, '--model', 'cancer', '--data', 'shifted', '--calibration', '5')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--calibration takes the rows per reference chunk/) });
    expect(assay('monitor', 'check', project, '--model', 'cancer', '--data', 'shifted', '--calibration', '400')).toMatchObject({ code: 1, stderr: expect.stringMatching(/at least two chunks of 400 rows.*Pass a smaller --calibration/) });
  }, 300_000);

  it('checks the serving log by day', () => {
    const shifted = variant('served.csv', 'mean texture', 1).rows;
    const day = Date.parse('2026-03-02T00:00:00Z');
    const db = connect(project, false);
    const input = (row: Record<string, string>): Record<string, number> => Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'target').map(([k, v]) => [k, Number(v)]));
    const log: LoggedPrediction[] = shifted.map((row, i) => ({
      name: 'cancer',
      version: 1,
      // 300 rows on the first day, the rest on the second.
      at: day + (i < 300 ? 0 : 86_400_000) + i * 1000,
      input: input(row),
      output: { label: '1', probabilities: { '0': 0.2, '1': 0.8 } },
      latencyMs: 1,
    }));
    predictionInserter(db)(log);
    db.close();
    const r = json<Check>(assay('monitor', 'check', project, '--model', 'cancer', '--window', '1d', '--json'));
    expect(r.rows).toBe(569);
    expect(r.columns['mean texture']!.drift).toBe(true);
    expect(r.columns['mean radius']!.drift).toBe(false);
    expect(r.windows!.map((w) => [w.window, w.rows])).toEqual([
      ['2026-03-02T00:00:00.000Z', 300],
      ['2026-03-03T00:00:00.000Z', 269],
    ]);
    // Every logged score is 0.8: the prediction distribution has drifted.
    expect(r.prediction).toMatchObject({ drift: true });
    const since = json<Check>(assay('monitor', 'check', project, '--model', 'cancer', '--since', '2026-03-03', '--json'));
    expect(since.rows).toBe(269);
  }, 300_000);

  it('says what is wrong: exit 1 for bad input, 2 for usage', () => {
    expect(assay('monitor', 'check', project, '--model', 'nope').stderr).toBe('assay: No registered model "nope"; registered: cancer.\n');
    expect(assay('monitor', 'check', project, '--model', 'cancer', '--data', 'nope')).toMatchObject({ code: 1, stderr: expect.stringMatching(/No dataset "nope" in this project; it has: "cancer"/) });
    expect(assay('monitor', 'check', project, '--model', 'cancer', '--data', 'cancer', '--window', '1d')).toMatchObject({ code: 1, stderr: expect.stringMatching(/need its time column: add --time COLUMN/) });
    expect(assay('monitor', 'check', project, '--model', 'cancer', '--window', '2 days')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--window: Window "2 days" is not one of 1h, 1d, 1w/) });
    expect(assay('monitor', 'check', project, '--model', 'cancer', '--method', 'mean texture=median')).toMatchObject({ code: 2 });
    expect(assay('monitor', 'check', project, '--model', 'cancer', '--method', 'target=ks')).toMatchObject({ code: 1, stderr: expect.stringMatching(/target is not an input of cancer v1; name one of mean radius, /) });
    expect(assay('monitor', 'check', project, '--model', 'cancer', '--method', 'mean radius=chi2')).toMatchObject({ code: 1, stderr: expect.stringMatching(/chi2 does not apply to numeric column mean radius/) });
    expect(assay('monitor', 'pull', project)).toMatchObject({ code: 2 });
  }, 300_000);
});
