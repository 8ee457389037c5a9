import type { Analytic, PipelineSpec, Transform, ValidationRule } from '../../../preload/contract';

export const ruleKinds = ['type', 'range', 'required', 'stuck', 'rate'] as const satisfies readonly ValidationRule['kind'][];
export const transformKinds = ['linear', 'polynomial', 'derived'] as const satisfies readonly Transform['kind'][];
export const analyticKinds = ['rolling', 'ewma', 'zscore', 'rate-of-change'] as const satisfies readonly Analytic['kind'][];

export const kindLabels: Readonly<Record<ValidationRule['kind'] | Transform['kind'] | Analytic['kind'], string>> = {
  type: 'Type',
  range: 'Range',
  required: 'Required',
  stuck: 'Stuck at value',
  rate: 'Rate drop',
  linear: 'Linear (scale, offset)',
  polynomial: 'Polynomial',
  derived: 'Derived field',
  rolling: 'Rolling stats',
  ewma: 'EWMA',
  zscore: 'Z-score anomaly',
  'rate-of-change': 'Rate-of-change anomaly',
};

/** A new row of a kind with sensible starting values, on the first field. */
export function defaultRule(kind: ValidationRule['kind'], field: string): ValidationRule {
  switch (kind) {
    case 'type':
      return { kind, field, type: 'number' };
    case 'range':
      return { kind, field, min: 0, max: 100 };
    case 'required':
      return { kind, field };
    case 'stuck':
      return { kind, field, count: 50 };
    case 'rate':
      return { kind, minHz: 1, windowSeconds: 5 };
  }
}

export function defaultTransform(kind: Transform['kind'], field: string): Transform {
  switch (kind) {
    case 'linear':
      return { kind, field, scale: 1, offset: 0 };
    case 'polynomial':
      return { kind, field, coefficients: [0, 1] };
    case 'derived':
      return { kind, name: 'derived', expression: field };
  }
}

export function defaultAnalytic(kind: Analytic['kind'], field: string): Analytic {
  switch (kind) {
    case 'rolling':
      return { kind, field, windowSeconds: 10, stats: ['mean'] };
    case 'ewma':
      return { kind, field, alpha: 0.1 };
    case 'zscore':
      return { kind, field, windowSeconds: 30, threshold: 3 };
    case 'rate-of-change':
      return { kind, field, maxPerSecond: 10 };
  }
}

/** "1, 0.5, -2" → [1, 0.5, -2]; null when any part is not a number. */
export function parseCoefficients(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return null;
  const nums = parts.map(Number);
  return nums.every(Number.isFinite) ? nums : null;
}

const finite = (n: number | undefined): boolean => n === undefined || Number.isFinite(n);

/** Problems that would make the host refuse the pipeline, one message per row, for the Apply button's hint. */
export function pipelineProblems(p: PipelineSpec, fields: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set(fields);
  // Derived fields may be used by the rows after them.
  for (const t of p.transforms) if (t.kind === 'derived' && t.name.trim()) known.add(t.name.trim());
  const needField = (where: string, f: string): void => {
    if (!known.has(f)) problems.push(`${where}: unknown field "${f}"`);
  };
  p.validation.forEach((r, i) => {
    const where = `Rule ${i + 1}`;
    if (r.kind !== 'rate') needField(where, r.field);
    if (r.kind === 'range' && (!finite(r.min) || !finite(r.max) || (r.min !== undefined && r.max !== undefined && r.min > r.max)))
      problems.push(`${where}: min must not exceed max`);
    if (r.kind === 'stuck' && !(Number.isInteger(r.count) && r.count >= 2)) problems.push(`${where}: count must be a whole number ≥ 2`);
    if (r.kind === 'rate' && !(r.minHz > 0 && r.windowSeconds > 0)) problems.push(`${where}: rate and window must be above 0`);
  });
  p.transforms.forEach((t, i) => {
    const where = `Transform ${i + 1}`;
    if (t.kind === 'derived') {
      if (!/^[A-Za-z_][\w.]*$/.test(t.name.trim())) problems.push(`${where}: the name must be a word (letters, digits, _ .)`);
      if (t.expression.trim() === '') problems.push(`${where}: the expression is empty`);
    } else needField(where, t.field);
    if (t.kind === 'linear' && !(Number.isFinite(t.scale) && Number.isFinite(t.offset))) problems.push(`${where}: scale and offset must be numbers`);
    if (t.kind === 'polynomial' && (t.coefficients.length === 0 || !t.coefficients.every(Number.isFinite)))
      problems.push(`${where}: coefficients must be numbers`);
  });
  p.analytics.forEach((a, i) => {
    const where = `Analytic ${i + 1}`;
    needField(where, a.field);
    if ((a.kind === 'rolling' || a.kind === 'zscore') && !(a.windowSeconds > 0)) problems.push(`${where}: the window must be above 0 s`);
    if (a.kind === 'rolling' && a.stats.length === 0) problems.push(`${where}: pick at least one statistic`);
    if (a.kind === 'ewma' && !(a.alpha > 0 && a.alpha <= 1)) problems.push(`${where}: alpha must be in (0, 1]`);
    if (a.kind === 'zscore' && !(a.threshold > 0)) problems.push(`${where}: the threshold must be above 0`);
    if (a.kind === 'rate-of-change' && !(a.maxPerSecond > 0)) problems.push(`${where}: the limit must be above 0`);
  });
  return problems;
}

/** Replaces the i-th item (pure helper for the editor's rows). */
export function replaceAt<T>(list: readonly T[], i: number, item: T): T[] {
  return list.map((x, j) => (j === i ? item : x));
}

export function removeAt<T>(list: readonly T[], i: number): T[] {
  return list.filter((_, j) => j !== i);
}
