import { describe, expect, it } from 'vitest';
import type { FieldSpec, PipelineSpec } from '../../../preload/contract/sensors';
import { emptyPipeline } from '../../../preload/contract/sensors';
import golden from './fixtures/stream-golden.json';
import { Pipeline, pipelineProblems, WindowExtreme, WindowMoments } from './pipeline';
import type { Value } from './protocols';
import { cases } from '../../../main/host/testing';

interface GoldenSeries {
  name: string;
  t: number[];
  x: number[];
  rolling: { windowSeconds: number; mean: number[]; std: (number | null)[]; min: number[]; max: number[] }[];
  ewma: { alpha: number; y: number[] }[];
}

const f = (...names: string[]): FieldSpec[] => names.map((name) => ({ name }));
const spec = (p: Partial<PipelineSpec>): PipelineSpec => ({ ...emptyPipeline, ...p });

function run(p: Pipeline, readings: [number, Record<string, Value>][]) {
  return readings.map(([t, raw]) => p.process(t, raw));
}

describe('rolling statistics and EWMA against numpy (fixtures/make-stream-golden.py)', () => {
  for (const series of cases((golden as { series: GoldenSeries[] }).series, 'series')) {
    it(series.name, () => {
      const p = new Pipeline(
        spec({
          analytics: [
            ...series.rolling.map((r, i) => ({
              kind: 'rolling' as const,
              field: i === 0 ? 'temp' : 'copy',
              windowSeconds: r.windowSeconds,
              stats: ['mean', 'std', 'min', 'max'] as const,
            })),
            ...series.ewma.map((e, i) => ({ kind: 'ewma' as const, field: i === 0 ? 'temp' : 'copy', alpha: e.alpha })),
          ],
        }),
        f('temp', 'copy'),
      );
      expect(series.rolling).toHaveLength(2);
      expect(series.ewma).toHaveLength(2);
      let worst = 0;
      series.x.forEach((x, i) => {
        const out = p.process(series.t[i], { temp: x, copy: x }).values;
        series.rolling.forEach((r, k) => {
          const name = k === 0 ? 'temp' : 'copy';
          for (const stat of ['mean', 'std', 'min', 'max'] as const) {
            const want = r[stat][i];
            const got = out[`${name}.${stat}`];
            if (want === null) expect(got).toBeNull();
            else {
              expect(got).not.toBeNull();
              worst = Math.max(worst, Math.abs((got as number) - want));
            }
          }
        });
        series.ewma.forEach((e, k) => {
          worst = Math.max(worst, Math.abs((out[`${k === 0 ? 'temp' : 'copy'}.ewma`] as number) - e.y[i]));
        });
      });
      expect(worst).toBeLessThan(1e-9);
    });
  }
});

describe('WindowMoments and WindowExtreme', () => {
  it('stay exact over a long drifting signal (rebasing keeps float drift bounded)', () => {
    const m = new WindowMoments();
    const lo = new WindowExtreme(false);
    const hi = new WindowExtreme(true);
    const xs: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const x = 1e6 + i * 0.5 + Math.sin(i) * 0.001;
      xs.push(x);
      m.evict(i - 100);
      m.add(i, x);
      lo.evict(i - 100);
      lo.add(i, x);
      hi.evict(i - 100);
      hi.add(i, x);
    }
    const win = xs.slice(-100);
    const mean = win.reduce((a, b) => a + b, 0) / 100;
    const v = win.reduce((a, b) => a + (b - mean) ** 2, 0) / 99;
    expect(m.count).toBe(100);
    expect(Math.abs(m.mean() - mean)).toBeLessThan(1e-6);
    expect(Math.abs(m.variance() - v) / v).toBeLessThan(1e-9);
    expect(lo.value()).toBe(Math.min(...win));
    expect(hi.value()).toBe(Math.max(...win));
  });
});

describe('Pipeline validation', () => {
  it('type rules: number, integer, text; null is left to the required rule', () => {
    const p = new Pipeline(
      spec({
        validation: [
          { kind: 'type', field: 'a', type: 'number' },
          { kind: 'type', field: 'b', type: 'integer' },
          { kind: 'type', field: 'c', type: 'text' },
        ],
      }),
      f('a', 'b', 'c'),
    );
    expect(p.process(0, { a: 1.5, b: 2, c: 'ok' })).toEqual({ values: { a: 1.5, b: 2, c: null }, flags: [], invalid: false });
    expect(p.process(1, { a: '2.5', b: null, c: null }).invalid).toBe(false);
    const bad = p.process(2, { a: 'abc', b: 2.5, c: 7 });
    expect(bad.invalid).toBe(true);
    expect(bad.flags).toEqual([
      { field: 'a', reason: 'expected a number, got "abc"' },
      { field: 'b', reason: 'expected an integer, got 2.5' },
      { field: 'c', reason: 'expected text, got 7' },
    ]);
    // The reading is still output: a non-numeric value becomes null.
    expect(bad.values).toEqual({ a: null, b: 2.5, c: 7 });
  });

  it('range is inclusive and sees raw values (before transforms)', () => {
    const p = new Pipeline(
      spec({ validation: [{ kind: 'range', field: 'x', min: 0, max: 10 }], transforms: [{ kind: 'linear', field: 'x', scale: 100, offset: 0 }] }),
      f('x'),
    );
    const out = run(p, [
      [0, { x: 0 }],
      [1, { x: 10 }],
      [2, { x: -0.5 }],
      [3, { x: 10.5 }],
      [4, { x: null }],
    ]);
    expect(out.map((o) => o.invalid)).toEqual([false, false, true, true, false]);
    expect(out[2].flags).toEqual([{ field: 'x', reason: '-0.5 < min 0' }]);
    expect(out[3].flags).toEqual([{ field: 'x', reason: '10.5 > max 10' }]);
    expect(out[1].values.x).toBe(1000);
  });

  it('required fails on null, missing and empty text', () => {
    const p = new Pipeline(spec({ validation: [{ kind: 'required', field: 'x' }] }), f('x'));
    expect(run(p, [[0, { x: 1 }], [1, { x: null }], [2, {}], [3, { x: '' }], [4, { x: 0 }]]).map((o) => o.invalid)).toEqual([false, true, true, true, false]);
    expect(p.process(5, {}).flags).toEqual([{ field: 'x', reason: 'missing' }]);
  });

  it('stuck flags the count-th repeat and every further one; nulls do not break the run', () => {
    const p = new Pipeline(spec({ validation: [{ kind: 'stuck', field: 'x', count: 3 }] }), f('x'));
    const xs: Value[] = [1, 2, 2, null, 2, 2, 3, 3, 3];
    const out = xs.map((x, i) => p.process(i, { x }));
    expect(out.map((o) => o.invalid)).toEqual([false, false, false, false, true, true, false, false, true]);
    expect(out[5].flags).toEqual([{ field: 'x', reason: 'stuck at 2 for 4 readings' }]);
  });

  it('rate: flags "*" when the readings in the last window fall below minHz, after a first full window', () => {
    const p = new Pipeline(spec({ validation: [{ kind: 'rate', minHz: 5, windowSeconds: 1 }] }), f('x'));
    const flags: boolean[] = [];
    let t = 0;
    for (let i = 0; i < 30; i++) flags.push(p.process((t += 100), { x: i }).invalid); // 10 Hz
    expect(flags.every((x) => !x)).toBe(true);
    const slow = [1, 2, 3].map(() => p.process((t += 500), { x: 0 })); // 2 Hz
    expect(slow[2].invalid).toBe(true);
    expect(slow[2].flags).toEqual([{ field: '*', reason: 'rate 2 Hz < 5 Hz over 1 s' }]);
    // A reading after a long silence is alone in its window.
    expect(p.process((t += 10_000), { x: 0 }).flags).toEqual([{ field: '*', reason: 'rate 1 Hz < 5 Hz over 1 s' }]);
  });

  it('a freshly started slow stream is not flagged before a whole window has passed', () => {
    const p = new Pipeline(spec({ validation: [{ kind: 'rate', minHz: 5, windowSeconds: 2 }] }), f('x'));
    expect(p.process(0, { x: 1 }).invalid).toBe(false);
    expect(p.process(1000, { x: 1 }).invalid).toBe(false);
    expect(p.process(2500, { x: 1 }).invalid).toBe(true);
  });
});

describe('Pipeline transforms', () => {
  it('linear, polynomial (Horner) and derived, in order, each seeing the earlier ones', () => {
    const p = new Pipeline(
      spec({
        transforms: [
          { kind: 'linear', field: 'tempF', scale: 5 / 9, offset: (-32 * 5) / 9, unit: '°C' },
          { kind: 'polynomial', field: 'raw', coefficients: [1, 2, 3] },
          { kind: 'derived', name: 'dew', expression: 'tempF - (100 - hum) / 5', unit: '°C' },
          { kind: 'derived', name: 'dew2', expression: 'dew * 2 + raw' },
        ],
      }),
      [{ name: 'tempF', unit: '°F' }, { name: 'hum', unit: '%' }, { name: 'raw' }],
    );
    expect(p.outputFields()).toEqual(['tempF', 'hum', 'raw', 'dew', 'dew2']);
    expect(p.outputSpecs()).toEqual([
      { name: 'tempF', unit: '°C' },
      { name: 'hum', unit: '%' },
      { name: 'raw' },
      { name: 'dew', unit: '°C' },
      { name: 'dew2' },
    ]);
    const out = p.process(0, { tempF: 212, hum: 50, raw: 2 });
    expect(out.values.tempF).toBeCloseTo(100, 12);
    expect(out.values.raw).toBe(1 + 2 * 2 + 3 * 4);
    expect(out.values.dew).toBeCloseTo(90, 12);
    expect(out.values.dew2).toBeCloseTo(197, 12);
  });

  it('nulls and non-numeric strings give null; numeric strings are numbers', () => {
    const p = new Pipeline(
      spec({ transforms: [{ kind: 'linear', field: 'a', scale: 2, offset: 1 }, { kind: 'polynomial', field: 'b', coefficients: [0, 1] }, { kind: 'derived', name: 's', expression: 'a + b' }] }),
      f('a', 'b'),
    );
    expect(p.process(0, { a: 'oops', b: '3' }).values).toEqual({ a: null, b: 3, s: null });
    expect(p.process(1, { a: 1, b: null }).values).toEqual({ a: 3, b: null, s: null });
    expect(p.process(2, { a: 1 }).values).toEqual({ a: 3, b: null, s: null });
  });
});

describe('Pipeline analytics', () => {
  it('ewma starts at the first value and skips nulls', () => {
    const p = new Pipeline(spec({ analytics: [{ kind: 'ewma', field: 'x', alpha: 0.5 }] }), f('x'));
    const out = run(p, [[0, { x: 10 }], [1, { x: 20 }], [2, { x: null }], [3, { x: 0 }]]).map((o) => o.values['x.ewma']);
    expect(out).toEqual([10, 15, null, 7.5]);
  });

  it('rolling over a time window; nulls give null outputs and do not enter the window', () => {
    const p = new Pipeline(spec({ analytics: [{ kind: 'rolling', field: 'x', windowSeconds: 1, stats: ['max', 'mean', 'std', 'min'] }] }), f('x'));
    expect(p.outputFields()).toEqual(['x', 'x.mean', 'x.std', 'x.min', 'x.max']);
    const out = run(p, [
      [0, { x: 1 }],
      [400, { x: 3 }],
      [800, { x: null }],
      [999, { x: 5 }],
      [1000, { x: 2 }], // t=0 leaves: the window is (0, 1000]
    ]).map((o) => o.values);
    expect(out[0]).toEqual({ x: 1, 'x.mean': 1, 'x.std': null, 'x.min': 1, 'x.max': 1 });
    expect(out[1]['x.std']).toBeCloseTo(Math.SQRT2, 12);
    expect(out[2]).toEqual({ x: null, 'x.mean': null, 'x.std': null, 'x.min': null, 'x.max': null });
    expect(out[3]).toMatchObject({ 'x.mean': 3, 'x.min': 1, 'x.max': 5 });
    expect(out[4]).toMatchObject({ 'x.mean': 10 / 3, 'x.min': 2, 'x.max': 5 });
  });

  it('zscore flags against the window before the value joins it', () => {
    const p = new Pipeline(spec({ analytics: [{ kind: 'zscore', field: 'x', windowSeconds: 10, threshold: 3 }] }), f('x'));
    const base = [10, 11, 10, 11, 10, 11, 10, 11];
    const quiet = base.map((x, i) => p.process(i * 100, { x }));
    expect(quiet.every((o) => o.flags.length === 0)).toBe(true);
    const spike = p.process(900, { x: 13 });
    // mean 10.5, sample std sqrt(2/7) → z = 2.5 / 0.5345 = 4.68
    expect(spike.flags).toEqual([{ field: 'x', reason: 'z=4.7 > 3' }]);
    expect(spike.invalid).toBe(false); // an anomaly is not a validation failure
    expect(p.process(1000, { x: 11 }).flags).toEqual([]);
  });

  it('zscore stays quiet on a constant signal and with fewer than 2 points', () => {
    const p = new Pipeline(spec({ analytics: [{ kind: 'zscore', field: 'x', windowSeconds: 10, threshold: 1 }] }), f('x'));
    expect(p.process(0, { x: 5 }).flags).toEqual([]);
    expect(p.process(1, { x: 500 }).flags).toEqual([]);
    const q = new Pipeline(spec({ analytics: [{ kind: 'zscore', field: 'x', windowSeconds: 10, threshold: 1 }] }), f('x'));
    for (let i = 0; i < 5; i++) q.process(i, { x: 5 });
    expect(q.process(5, { x: 6 }).flags).toEqual([]); // std 0: no score
  });

  it('rate-of-change flags |dx/dt| per second; equal timestamps wait for the clock to move', () => {
    const p = new Pipeline(spec({ analytics: [{ kind: 'rate-of-change', field: 'x', maxPerSecond: 5 }] }), f('x'));
    const out = run(p, [
      [0, { x: 0 }],
      [1000, { x: 4 }],
      [1500, { x: 8 }],
      [1500, { x: 100 }],
      [2500, { x: 10 }],
    ]);
    expect(out.map((o) => o.flags)).toEqual([[], [], [{ field: 'x', reason: 'rate of change 8/s > 5/s' }], [], []]);
  });

  it('end to end: validate raw, transform, analyse the transformed value', () => {
    const p = new Pipeline(
      {
        validation: [
          { kind: 'required', field: 'tempF' },
          { kind: 'range', field: 'tempF', min: -40, max: 200 },
        ],
        transforms: [
          { kind: 'linear', field: 'tempF', scale: 5 / 9, offset: -160 / 9, unit: '°C' },
          { kind: 'derived', name: 'heat', expression: 'tempF * 2' },
        ],
        analytics: [
          { kind: 'rolling', field: 'tempF', windowSeconds: 60, stats: ['mean'] },
          { kind: 'ewma', field: 'heat', alpha: 1 },
          { kind: 'rate-of-change', field: 'tempF', maxPerSecond: 50 },
        ],
      },
      [{ name: 'tempF', unit: '°F' }],
    );
    expect(p.outputFields()).toEqual(['tempF', 'heat', 'tempF.mean', 'heat.ewma']);
    const a = p.process(0, { tempF: 32 });
    expect(a).toEqual({ values: { tempF: 0, heat: 0, 'tempF.mean': 0, 'heat.ewma': 0 }, flags: [], invalid: false });
    const b = p.process(1000, { tempF: 250 });
    expect(b.invalid).toBe(true);
    expect(b.flags).toEqual([
      { field: 'tempF', reason: '250 > max 200' },
      { field: 'tempF', reason: 'rate of change 121.111/s > 50/s' },
    ]);
    expect(b.values.tempF).toBeCloseTo(121.111, 3);
    expect(b.values['tempF.mean']).toBeCloseTo(60.5556, 4);
    const c = p.process(2000, {});
    expect(c.invalid).toBe(true);
    expect(c.flags).toEqual([{ field: 'tempF', reason: 'missing' }]);
    expect(c.values).toEqual({ tempF: null, heat: null, 'tempF.mean': null, 'heat.ewma': null });
  });
});

describe('pipelineProblems and the constructor', () => {
  it('reports every problem in words', () => {
    const problems = pipelineProblems(
      {
        validation: [
          { kind: 'range', field: 'nope', min: 5, max: 1 },
          { kind: 'stuck', field: 'x', count: 1 },
        ],
        transforms: [
          { kind: 'derived', name: 'x', expression: 'y + 1' },
          { kind: 'derived', name: 'd', expression: 'x + (' },
          { kind: 'polynomial', field: 'x', coefficients: [] },
        ],
        analytics: [
          { kind: 'ewma', field: 'x', alpha: 0 },
          { kind: 'ewma', field: 'x', alpha: 0.5 },
          { kind: 'rolling', field: 'ghost', windowSeconds: 0, stats: ['mean'] },
        ],
      },
      f('x'),
    );
    expect(problems).toEqual([
      'Validation rule 1 (range): unknown field "nope"',
      'Validation rule 1 (range): min 5 is above max 1',
      'Validation rule 2 (stuck): count must be a whole number ≥ 2',
      "Transform 1 (derived) \"x\": Unknown field 'y' (known: x) (at character 1)",
      'Transform 1 (derived): "x" already exists',
      "Transform 2 (derived) \"d\": Unexpected end of expression: expected a number, a field or \"(\" (at character 6)",
      'Transform 3 (polynomial): needs at least one numeric coefficient',
      'Analytic 1 (ewma): alpha must be in (0, 1]',
      'Analytic 2 (ewma): "x.ewma" is produced twice',
      'Analytic 3 (rolling): unknown field "ghost"',
      'Analytic 3 (rolling): windowSeconds must be > 0',
    ]);
  });

  it('reports the rest of the problems, and none at the edges that are allowed', () => {
    const problems = pipelineProblems(
      {
        validation: [
          { kind: 'rate', minHz: -1, windowSeconds: 5 },
          { kind: 'rate', minHz: 1, windowSeconds: 0 },
          { kind: 'rate', minHz: 0, windowSeconds: 5 },
          { kind: 'stuck', field: 'x', count: 2.5 },
          { kind: 'stuck', field: 'x', count: 2 },
          { kind: 'range', field: 'x', min: 5 },
          { kind: 'range', field: 'x', min: 1, max: 1 },
        ],
        transforms: [
          { kind: 'derived', name: '  ', expression: 'x + 1' },
          { kind: 'linear', field: 'x', scale: Number.NaN, offset: 0 },
          { kind: 'linear', field: 'x', scale: 2, offset: Number.POSITIVE_INFINITY },
          { kind: 'linear', field: 'ghost', scale: 1, offset: 0 },
          { kind: 'polynomial', field: 'x', coefficients: [1, Number.NaN] },
        ],
        analytics: [
          { kind: 'zscore', field: 'x', windowSeconds: 0, threshold: 0 },
          { kind: 'rolling', field: 'x', windowSeconds: 10, stats: [] },
          { kind: 'ewma', field: 'x', alpha: 1 },
          { kind: 'rate-of-change', field: 'x', maxPerSecond: -1 },
          { kind: 'rate-of-change', field: 'x', maxPerSecond: 0 },
        ],
      },
      f('x', 'x'),
    );
    expect(problems).toEqual([
      'Field names must be unique',
      'Validation rule 1 (rate): windowSeconds must be > 0 and minHz ≥ 0',
      'Validation rule 2 (rate): windowSeconds must be > 0 and minHz ≥ 0',
      'Validation rule 4 (stuck): count must be a whole number ≥ 2',
      'Transform 1 (derived): the derived field needs a name',
      'Transform 2 (linear): scale and offset must be numbers',
      'Transform 3 (linear): scale and offset must be numbers',
      'Transform 4 (linear): unknown field "ghost"',
      'Transform 5 (polynomial): needs at least one numeric coefficient',
      'Analytic 1 (zscore): windowSeconds must be > 0',
      'Analytic 1 (zscore): threshold must be > 0',
      'Analytic 2 (rolling): choose at least one statistic',
      'Analytic 4 (rate-of-change): maxPerSecond must be ≥ 0',
    ]);
  });

  it('a derived field cannot read a derived field defined after it', () => {
    expect(() =>
      new Pipeline(
        spec({
          transforms: [
            { kind: 'derived', name: 'a2', expression: 'b2 + 1' },
            { kind: 'derived', name: 'b2', expression: 'x' },
          ],
        }),
        f('x'),
      ),
    ).toThrow(/Unknown field 'b2'/);
  });

  it('analytics may use derived fields, and derived expressions may not use analytic outputs', () => {
    expect(() => new Pipeline(spec({ transforms: [{ kind: 'derived', name: 'd', expression: 'x * 2' }], analytics: [{ kind: 'ewma', field: 'd', alpha: 0.3 }] }), f('x'))).not.toThrow();
    expect(() =>
      new Pipeline(spec({ transforms: [{ kind: 'derived', name: 'd', expression: 'x.ewma' }], analytics: [{ kind: 'ewma', field: 'x', alpha: 0.3 }] }), f('x')),
    ).toThrow(/Unknown field 'x.ewma'/);
  });

  it('field names that are Object.prototype members read only the reading', () => {
    const p = new Pipeline(spec({ validation: [{ kind: 'required', field: 'constructor' }] }), f('constructor', 'toString'));
    expect(p.process(0, {})).toEqual({ values: { constructor: null, toString: null }, flags: [{ field: 'constructor', reason: 'missing' }], invalid: true });
  });

  it('an empty pipeline passes fields through as numbers', () => {
    const p = new Pipeline(emptyPipeline, f('a', 'b'));
    expect(p.process(0, { a: 1, b: 'x', c: 3 })).toEqual({ values: { a: 1, b: null }, flags: [], invalid: false });
  });
});
