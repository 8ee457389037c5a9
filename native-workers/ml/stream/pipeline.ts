import type { Analytic, FieldSpec, PipelineSpec, Transform, ValidationRule } from '../../../preload/contract/sensors';
import { TimeDeque } from './deque';
import { compileExpression, ExpressionError, type SlotEvaluator } from './expression';
import { parseCell, type Value } from './protocols';
import { formatNumber } from './rate';

export interface PipelineFlag {
  readonly field: string;
  readonly reason: string;
}

export interface PipelineOutput {
  /** Transformed fields, derived fields and analytic outputs (e.g. "temp.mean", "temp.ewma"). */
  readonly values: Readonly<Record<string, number | null>>;
  /** Validation failures and analytic anomalies of this reading. */
  readonly flags: readonly PipelineFlag[];
  /** True when a validation rule failed. */
  readonly invalid: boolean;
}

type Num = number | null;

/**
 * A raw value as a number for arithmetic: numbers pass (NaN/±Infinity → null),
 * numeric text such as a JSON "21.5" is read as the number, anything else → null.
 */
export function toNumber(v: Value | undefined): Num {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') {
    const p = parseCell(v);
    return typeof p === 'number' ? p : null;
  }
  return null;
}

/** Own properties only: a field called "constructor" must not read Object.prototype's. */
const rawValue = (raw: Readonly<Record<string, Value>>, key: string): Value | undefined => (Object.hasOwn(raw, key) ? raw[key] : undefined);

const finiteOrNull = (x: number): Num => (Number.isFinite(x) ? x : null);
const EMPTY_FLAGS: readonly PipelineFlag[] = Object.freeze([]);

// ---------------------------------------------------------------------------
// Windowed statistics

/**
 * Count, mean and sample variance of the values in a time window, as running
 * sums over a deque. The sums are of (x - K) with K a recent mean, so that the
 * variance of a signal like 28.7 ± 0.01 does not vanish in cancellation; they
 * are recomputed from the deque (with a fresh K) every time the window has
 * turned over, which keeps float drift bounded at O(1) amortised cost.
 */
export class WindowMoments {
  private readonly dq = new TimeDeque();
  private k = 0;
  private s1 = 0;
  private s2 = 0;
  private removed = 0;

  get count(): number {
    return this.dq.length;
  }

  add(tMs: number, x: number): void {
    if (this.dq.length === 0) {
      this.k = x;
      this.s1 = 0;
      this.s2 = 0;
      this.removed = 0;
    }
    const d = x - this.k;
    this.s1 += d;
    this.s2 += d * d;
    this.dq.pushBack(tMs, x);
  }

  /** Drops values with time ≤ cutoff: the window is (t - w, t], as pandas' time-based rolling. */
  evict(cutoffMs: number): void {
    const dq = this.dq;
    while (dq.length > 0 && dq.frontT() <= cutoffMs) {
      const d = dq.frontV() - this.k;
      this.s1 -= d;
      this.s2 -= d * d;
      dq.popFront();
      this.removed++;
    }
    if (dq.length > 0 && this.removed > dq.length) this.rebase();
  }

  mean(): number {
    return this.k + this.s1 / this.dq.length;
  }

  /** Sample variance (ddof 1); NaN with fewer than 2 values. */
  variance(): number {
    const n = this.dq.length;
    if (n < 2) return NaN;
    const v = (this.s2 - (this.s1 * this.s1) / n) / (n - 1);
    return v > 0 ? v : 0;
  }

  private rebase(): void {
    const dq = this.dq;
    const n = dq.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += dq.valueAt(i);
    this.k = s / n;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const d = dq.valueAt(i) - this.k;
      s1 += d;
      s2 += d * d;
    }
    this.s1 = s1;
    this.s2 = s2;
    this.removed = 0;
  }
}

/** Window minimum (or maximum) with a monotonic deque: O(1) amortised per value. */
export class WindowExtreme {
  private readonly dq = new TimeDeque();
  constructor(private readonly isMax: boolean) {}

  add(tMs: number, x: number): void {
    const dq = this.dq;
    // Values that can never be the extreme again (an equal or better one came later) leave now.
    if (this.isMax) while (dq.length > 0 && dq.backV() <= x) dq.popBack();
    else while (dq.length > 0 && dq.backV() >= x) dq.popBack();
    dq.pushBack(tMs, x);
  }

  evict(cutoffMs: number): void {
    while (this.dq.length > 0 && this.dq.frontT() <= cutoffMs) this.dq.popFront();
  }

  value(): Num {
    return this.dq.length > 0 ? this.dq.frontV() : null;
  }
}

// ---------------------------------------------------------------------------
// Compiled steps. Each works on `vals`, one slot per output name.

interface Collector {
  flags: PipelineFlag[] | null;
  invalid: boolean;
}

function flag(c: Collector, field: string, reason: string): void {
  (c.flags ??= []).push({ field, reason });
}

type ValidationStep = (tMs: number, raw: Readonly<Record<string, Value>>, c: Collector) => void;
type TransformStep = (vals: Num[]) => void;
type AnalyticStep = (tMs: number, vals: Num[], c: Collector) => void;

const show = (v: Value): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

function compileValidation(rule: ValidationRule): ValidationStep {
  switch (rule.kind) {
    case 'type': {
      const { field, type } = rule;
      return (_t, raw, c) => {
        const v = rawValue(raw, field);
        if (v === null || v === undefined) return; // missing is the 'required' rule's business
        if (type === 'text') {
          if (typeof v !== 'string') {
            c.invalid = true;
            flag(c, field, `expected text, got ${show(v)}`);
          }
          return;
        }
        const x = toNumber(v);
        if (x === null) {
          c.invalid = true;
          flag(c, field, `expected ${type === 'integer' ? 'an integer' : 'a number'}, got ${show(v)}`);
        } else if (type === 'integer' && !Number.isInteger(x)) {
          c.invalid = true;
          flag(c, field, `expected an integer, got ${show(v)}`);
        }
      };
    }
    case 'range': {
      const { field } = rule;
      const min = rule.min ?? -Infinity;
      const max = rule.max ?? Infinity;
      return (_t, raw, c) => {
        const x = toNumber(rawValue(raw, field));
        if (x === null) return; // not a number: the 'type' rule reports it
        if (x < min) {
          c.invalid = true;
          flag(c, field, `${x} < min ${min}`);
        } else if (x > max) {
          c.invalid = true;
          flag(c, field, `${x} > max ${max}`);
        }
      };
    }
    case 'required': {
      const { field } = rule;
      return (_t, raw, c) => {
        const v = rawValue(raw, field);
        if (v === null || v === undefined || v === '') {
          c.invalid = true;
          flag(c, field, 'missing');
        }
      };
    }
    case 'stuck': {
      const { field, count } = rule;
      let last: Value = null;
      let run = 0;
      return (_t, raw, c) => {
        const v = rawValue(raw, field);
        // A missing value neither extends nor breaks a run: dropouts do not un-stick a sensor.
        if (v === null || v === undefined) return;
        if (run > 0 && v === last) run++;
        else {
          last = v;
          run = 1;
        }
        if (run >= count) {
          c.invalid = true;
          flag(c, field, `stuck at ${show(v)} for ${run} readings`);
        }
      };
    }
    case 'rate': {
      // Readings in (t - w, t] divided by w: an honest "rate over the last w seconds"
      // even after a long silence (where (n-1)/span of two close readings would look fast).
      const windowMs = rule.windowSeconds * 1000;
      const { minHz, windowSeconds } = rule;
      const times = new TimeDeque();
      let first = NaN;
      return (tMs, _raw, c) => {
        if (Number.isNaN(first)) first = tMs;
        times.pushBack(tMs, 0);
        const cutoff = tMs - windowMs;
        while (times.length > 0 && times.frontT() <= cutoff) times.popFront();
        // Until a whole window has passed, the count says nothing about the rate.
        if (tMs - first < windowMs) return;
        const hz = times.length / windowSeconds;
        if (hz < minHz) {
          c.invalid = true;
          flag(c, '*', `rate ${formatNumber(hz, 2)} Hz < ${minHz} Hz over ${windowSeconds} s`);
        }
      };
    }
  }
}

function compileTransform(tr: Transform, slotOf: (name: string) => number, known: readonly string[]): TransformStep {
  switch (tr.kind) {
    case 'linear': {
      const s = slotOf(tr.field);
      const { scale, offset } = tr;
      return (vals) => {
        const x = vals[s];
        vals[s] = x === null ? null : finiteOrNull(x * scale + offset);
      };
    }
    case 'polynomial': {
      const s = slotOf(tr.field);
      const c = Float64Array.from(tr.coefficients);
      const last = c.length - 1;
      return (vals) => {
        const x = vals[s];
        if (x === null) return;
        // Horner: fewer operations and better rounding than summing powers.
        let y = c[last];
        for (let k = last - 1; k >= 0; k--) y = y * x + c[k];
        vals[s] = finiteOrNull(y);
      };
    }
    case 'derived': {
      const out = slotOf(tr.name);
      const ev: SlotEvaluator = compileExpression(tr.expression, { knownFields: known }).bind(slotOf);
      return (vals) => {
        vals[out] = ev(vals);
      };
    }
  }
}

function compileAnalytic(a: Analytic, slotOf: (name: string) => number): AnalyticStep {
  const s = slotOf(a.field);
  switch (a.kind) {
    case 'rolling': {
      const windowMs = a.windowSeconds * 1000;
      const want = new Set(a.stats);
      const meanSlot = want.has('mean') ? slotOf(`${a.field}.mean`) : -1;
      const stdSlot = want.has('std') ? slotOf(`${a.field}.std`) : -1;
      const minSlot = want.has('min') ? slotOf(`${a.field}.min`) : -1;
      const maxSlot = want.has('max') ? slotOf(`${a.field}.max`) : -1;
      const moments = meanSlot >= 0 || stdSlot >= 0 ? new WindowMoments() : null;
      const lo = minSlot >= 0 ? new WindowExtreme(false) : null;
      const hi = maxSlot >= 0 ? new WindowExtreme(true) : null;
      return (tMs, vals) => {
        const x = vals[s];
        if (x === null) {
          // No value, no statistic for this reading; the window keeps its state.
          if (meanSlot >= 0) vals[meanSlot] = null;
          if (stdSlot >= 0) vals[stdSlot] = null;
          if (minSlot >= 0) vals[minSlot] = null;
          if (maxSlot >= 0) vals[maxSlot] = null;
          return;
        }
        const cutoff = tMs - windowMs;
        if (moments) {
          moments.evict(cutoff);
          moments.add(tMs, x);
          if (meanSlot >= 0) vals[meanSlot] = moments.mean();
          if (stdSlot >= 0) {
            const v = moments.variance();
            vals[stdSlot] = Number.isNaN(v) ? null : Math.sqrt(v);
          }
        }
        if (lo) {
          lo.evict(cutoff);
          lo.add(tMs, x);
          vals[minSlot] = lo.value();
        }
        if (hi) {
          hi.evict(cutoff);
          hi.add(tMs, x);
          vals[maxSlot] = hi.value();
        }
      };
    }
    case 'ewma': {
      const out = slotOf(`${a.field}.ewma`);
      const alpha = a.alpha;
      let y = NaN;
      return (_t, vals) => {
        const x = vals[s];
        if (x === null) {
          vals[out] = null;
          return;
        }
        // pandas ewm(alpha, adjust=False): y0 = x0, y = αx + (1-α)y_prev.
        y = Number.isNaN(y) ? x : alpha * x + (1 - alpha) * y;
        vals[out] = y;
      };
    }
    case 'zscore': {
      const windowMs = a.windowSeconds * 1000;
      const { field, threshold } = a;
      const moments = new WindowMoments();
      return (tMs, vals, c) => {
        const x = vals[s];
        if (x === null) return;
        moments.evict(tMs - windowMs);
        // Judged against the window before x joins it, so that a spike does not dilute its own score.
        if (moments.count >= 2) {
          const sd = Math.sqrt(moments.variance());
          if (sd > 0) {
            const z = Math.abs(x - moments.mean()) / sd;
            if (z > threshold) flag(c, field, `z=${z.toFixed(1)} > ${threshold}`);
          }
        }
        moments.add(tMs, x);
      };
    }
    case 'rate-of-change': {
      const { field, maxPerSecond } = a;
      let prevT = NaN;
      let prevX = NaN;
      return (tMs, vals, c) => {
        const x = vals[s];
        if (x === null) return;
        if (!Number.isNaN(prevT)) {
          const dt = (tMs - prevT) / 1000;
          // Readings stamped with the same time (a burst from a serial buffer) have no
          // defined slope; they are compared with the next reading that moves the clock.
          if (dt <= 0) return;
          const r = Math.abs(x - prevX) / dt;
          if (r > maxPerSecond) flag(c, field, `rate of change ${formatNumber(r, 3)}/s > ${maxPerSecond}/s`);
        }
        prevT = tMs;
        prevX = x;
      };
    }
  }
}

function analyticOutputs(a: Analytic): string[] {
  switch (a.kind) {
    case 'rolling': {
      // Output order is fixed (mean, std, min, max) whatever order the spec lists them in.
      const order = ['mean', 'std', 'min', 'max'] as const;
      return order.filter((st) => a.stats.includes(st)).map((st) => `${a.field}.${st}`);
    }
    case 'ewma':
      return [`${a.field}.ewma`];
    case 'zscore':
    case 'rate-of-change':
      return [];
  }
}

const positive = (x: number): boolean => typeof x === 'number' && x > 0 && Number.isFinite(x);

/**
 * Everything wrong with a spec for these fields, as sentences for the UI; empty
 * when the pipeline can be built. The Pipeline constructor throws the first.
 */
export function pipelineProblems(spec: PipelineSpec, fields: readonly FieldSpec[]): string[] {
  const problems: string[] = [];
  const base = fields.map((f) => f.name);
  const baseSet = new Set(base);
  if (baseSet.size !== base.length) problems.push('Field names must be unique');
  spec.validation.forEach((r, i) => {
    const where = `Validation rule ${i + 1} (${r.kind})`;
    if (r.kind !== 'rate' && !baseSet.has(r.field)) problems.push(`${where}: unknown field "${r.field}"`);
    if (r.kind === 'range' && r.min !== undefined && r.max !== undefined && r.min > r.max) problems.push(`${where}: min ${r.min} is above max ${r.max}`);
    if (r.kind === 'stuck' && !(Number.isInteger(r.count) && r.count >= 2)) problems.push(`${where}: count must be a whole number ≥ 2`);
    if (r.kind === 'rate' && (!positive(r.windowSeconds) || !(r.minHz >= 0))) problems.push(`${where}: windowSeconds must be > 0 and minHz ≥ 0`);
  });
  const known = [...base];
  const knownSet = new Set(base);
  spec.transforms.forEach((tr, i) => {
    const where = `Transform ${i + 1} (${tr.kind})`;
    if (tr.kind === 'derived') {
      try {
        compileExpression(tr.expression, { knownFields: known });
      } catch (e) {
        problems.push(`${where} "${tr.name}": ${e instanceof ExpressionError ? e.message : String(e)}`);
      }
      if (tr.name.trim() === '') problems.push(`${where}: the derived field needs a name`);
      else if (knownSet.has(tr.name)) problems.push(`${where}: "${tr.name}" already exists`);
      known.push(tr.name);
      knownSet.add(tr.name);
    } else {
      if (!knownSet.has(tr.field)) problems.push(`${where}: unknown field "${tr.field}"`);
      if (tr.kind === 'linear' && !(Number.isFinite(tr.scale) && Number.isFinite(tr.offset))) problems.push(`${where}: scale and offset must be numbers`);
      if (tr.kind === 'polynomial' && (tr.coefficients.length === 0 || !tr.coefficients.every(Number.isFinite))) {
        problems.push(`${where}: needs at least one numeric coefficient`);
      }
    }
  });
  const outputs = new Set(known);
  spec.analytics.forEach((a, i) => {
    const where = `Analytic ${i + 1} (${a.kind})`;
    if (!knownSet.has(a.field)) problems.push(`${where}: unknown field "${a.field}"`);
    if ((a.kind === 'rolling' || a.kind === 'zscore') && !positive(a.windowSeconds)) problems.push(`${where}: windowSeconds must be > 0`);
    if (a.kind === 'rolling' && a.stats.length === 0) problems.push(`${where}: choose at least one statistic`);
    if (a.kind === 'ewma' && !(a.alpha > 0 && a.alpha <= 1)) problems.push(`${where}: alpha must be in (0, 1]`);
    if (a.kind === 'zscore' && !positive(a.threshold)) problems.push(`${where}: threshold must be > 0`);
    if (a.kind === 'rate-of-change' && !(a.maxPerSecond >= 0)) problems.push(`${where}: maxPerSecond must be ≥ 0`);
    for (const name of analyticOutputs(a)) {
      if (outputs.has(name)) problems.push(`${where}: "${name}" is produced twice`);
      outputs.add(name);
    }
  });
  return problems;
}

/**
 * parse → validate → transform → analytics, one reading at a time, state kept between readings.
 *
 * Everything is compiled in the constructor (slots for names, closures per
 * rule, expressions bound to slots); process() does arithmetic on one reused
 * array and allocates only its result. Validation sees the raw values; a failed
 * rule flags the reading and marks it invalid, but it still flows through
 * transforms and analytics (it is stored, flagged, and the live view shows it).
 */
export class Pipeline {
  private readonly names: readonly string[];
  private readonly specs: readonly FieldSpec[];
  private readonly baseCount: number;
  private readonly baseNames: readonly string[];
  private readonly vals: Num[];
  private readonly validation: readonly ValidationStep[];
  private readonly transforms: readonly TransformStep[];
  private readonly analytics: readonly AnalyticStep[];

  constructor(spec: PipelineSpec, fields: readonly FieldSpec[]) {
    const problems = pipelineProblems(spec, fields);
    if (problems.length > 0) throw new Error(problems[0]);
    const units = new Map<string, string | undefined>(fields.map((f) => [f.name, f.unit]));
    const names = fields.map((f) => f.name);
    for (const tr of spec.transforms) {
      if (tr.kind === 'derived') names.push(tr.name);
      if (tr.unit !== undefined) units.set(tr.kind === 'derived' ? tr.name : tr.field, tr.unit);
    }
    const known = [...names];
    for (const a of spec.analytics) {
      for (const out of analyticOutputs(a)) {
        names.push(out);
        units.set(out, units.get(a.field));
      }
    }
    const slots = new Map(names.map((n, i) => [n, i]));
    const slotOf = (name: string): number => {
      const s = slots.get(name);
      if (s === undefined) throw new Error(`Unknown field "${name}"`);
      return s;
    };
    this.names = names;
    this.specs = names.map((name) => {
      const unit = units.get(name);
      return unit === undefined ? { name } : { name, unit };
    });
    this.baseCount = fields.length;
    this.baseNames = fields.map((f) => f.name);
    this.vals = new Array<Num>(names.length).fill(null);
    this.validation = spec.validation.map(compileValidation);
    this.transforms = spec.transforms.map((tr, i) => {
      // A derived expression sees the fields plus the derived fields defined before it.
      const visible = known.slice(0, this.baseCount + spec.transforms.slice(0, i).filter((x) => x.kind === 'derived').length);
      return compileTransform(tr, slotOf, visible);
    });
    this.analytics = spec.analytics.map((a) => compileAnalytic(a, slotOf));
  }

  /** Names of every output value, in a stable order: fields, derived fields, analytic outputs. */
  outputFields(): string[] {
    return [...this.names];
  }

  /** The outputs with their units after transforms (analytic outputs share their field's unit). */
  outputSpecs(): FieldSpec[] {
    return this.specs.map((s) => ({ ...s }));
  }

  process(tMs: number, raw: Readonly<Record<string, Value>>): PipelineOutput {
    const { slots, flags, invalid } = this.step(tMs, raw);
    return { values: this.valuesOf(slots), flags, invalid };
  }

  /**
   * process() without building its values object: the outputs in outputFields() order, in an array
   * the next call overwrites (copy what you keep). The stream worker's path per message (#19.1).
   */
  step(tMs: number, raw: Readonly<Record<string, Value>>): { readonly slots: readonly Num[]; readonly flags: readonly PipelineFlag[]; readonly invalid: boolean } {
    const c: Collector = { flags: null, invalid: false };
    const validation = this.validation;
    for (let i = 0; i < validation.length; i++) validation[i](tMs, raw, c);
    const vals = this.vals;
    const base = this.baseNames;
    for (let i = 0; i < this.baseCount; i++) vals[i] = toNumber(rawValue(raw, base[i]));
    for (let i = this.baseCount; i < vals.length; i++) vals[i] = null;
    const transforms = this.transforms;
    for (let i = 0; i < transforms.length; i++) transforms[i](vals);
    const analytics = this.analytics;
    for (let i = 0; i < analytics.length; i++) analytics[i](tMs, vals, c);
    return { slots: vals, flags: c.flags ?? EMPTY_FLAGS, invalid: c.invalid };
  }

  /** step()'s slots by output name (what windows group and aggregate by). */
  valuesOf(slots: readonly Num[]): Record<string, Num> {
    const values: Record<string, Num> = {};
    const names = this.names;
    for (let i = 0; i < names.length; i++) values[names[i]] = slots[i];
    return values;
  }
}
