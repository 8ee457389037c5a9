import { createHash } from 'node:crypto';
import { AssayError } from '../../../preload/contract/errors';
import { checkColumns, parseComparison, ruleName, type CompareOp, type Rule, type RuleSet } from '../../../preload/contract/rules';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { convert } from '../../ml/infer';
import type { RowIssue, RowOrigin, RowStage } from '../stages';

/** Values of another dataset's column, as text keys (see `keyOf`). */
export type LookupLoader = (dataset: string, column: string) => ReadonlySet<string>;

/**
 * `unique` keeps every distinct value seen (short values as they are, long ones as a 16-byte
 * hash), about 50–100 bytes each: 10 million distinct values ≈ 0.5–1 GB. Past this bound the
 * import stops with a clear error rather than running the worker out of memory.
 */
export const maxUniqueValues = 10_000_000;
const hashAbove = 40;

type Check = (row: readonly Cell[]) => string | null;

interface Compiled {
  readonly name: string;
  readonly column: string | null;
  readonly check: Check;
}

/** Text key of a cell, shared by unique, allowed and exists (5 and "5" are the same value). */
export function keyOf(cell: Cell): string {
  return typeof cell === 'number' ? String(cell) : (cell ?? '');
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function asNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return cell;
  if (cell === null) return null;
  const c = convert(cell, 'number');
  return c.widen === null && typeof c.value === 'number' ? c.value : null;
}

function show(cell: Cell): string {
  const s = typeof cell === 'string' ? JSON.stringify(cell.length > 60 ? `${cell.slice(0, 60)}…` : cell) : String(cell);
  return s;
}

function compare(a: number | string, op: CompareOp, b: number | string): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>=':
      return a >= b;
    case '>':
      return a > b;
  }
}

/**
 * Validation rules as a RowStage: every rule is checked (not only the first that fails) so
 * that per-rule failure counts are complete. Missing values pass every rule but `required`.
 * Call bind() with the dataset's columns before the first row.
 */
export class RulesStage implements RowStage {
  readonly name = 'rules';
  private compiled: Compiled[] = [];
  private readonly failures = new Map<string, number>();
  private readonly uniques: { index: number; name: string; seen: Set<string | number> }[] = [];

  constructor(
    readonly rules: RuleSet,
    private readonly lookup: LookupLoader,
  ) {
    for (const r of rules.rules) this.failures.set(ruleName(r), 0);
  }

  /** The type a `type` rule asks of a column: the column starts as that type instead of the inferred one. */
  declaredType(column: string): ColumnType | undefined {
    for (const r of this.rules.rules) if (r.kind === 'type' && r.column === column) return r.type;
    return undefined;
  }

  /** Resolves columns (unknown ones → BAD_INPUT) and loads look-up sets once; DatasetWriter.begin calls it. */
  bind(columns: readonly string[]): void {
    checkColumns(this.rules, columns);
    const index = (name: string): number => columns.indexOf(name);
    this.uniques.length = 0;
    this.compiled = this.rules.rules.map((r) => this.compile(r, index));
  }

  /** Adds a row's values to the unique sets without checking it (rows already in the dataset). */
  seed(row: readonly Cell[]): void {
    for (const u of this.uniques) this.claim(u, row[u.index]);
  }

  private claim(u: { name: string; seen: Set<string | number> }, cell: Cell): void {
    if (cell === null) return;
    if (u.seen.size >= maxUniqueValues) {
      throw new AssayError(
        'BAD_INPUT',
        `Rule ${u.name}: more than ${maxUniqueValues.toLocaleString('en-US')} distinct values; the unique check keeps every value in memory. Remove the rule, or check uniqueness on a smaller dataset.`,
      );
    }
    u.seen.add(this.uniqueKey(cell));
  }

  process(row: Cell[], _origin?: RowOrigin): readonly RowIssue[] {
    let issues: RowIssue[] | null = null;
    for (const c of this.compiled) {
      const message = c.check(row);
      if (message === null) continue;
      (issues ??= []).push({ rule: c.name, column: c.column, message });
      this.failures.set(c.name, (this.failures.get(c.name) ?? 0) + 1);
    }
    // Only rows that are kept claim their values: a rejected row must not make a later good one a duplicate.
    if (issues === null) for (const u of this.uniques) this.claim(u, row[u.index]);
    return issues ?? [];
  }

  summary(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.failures);
  }

  private uniqueKey(cell: Cell): string | number {
    if (typeof cell === 'number') return cell;
    const s = cell ?? '';
    return s.length > hashAbove ? `#${createHash('md5').update(s).digest('base64')}` : s;
  }

  private compile(rule: Rule, index: (name: string) => number): Compiled {
    const name = ruleName(rule);
    if (rule.kind === 'compare') {
      const cmp = parseComparison(rule.expression);
      const li = index(cmp.left);
      const right = cmp.right;
      const ri = 'column' in right ? index(right.column) : -1;
      const constant = 'value' in right ? right.value : null;
      return {
        name,
        column: cmp.left,
        check: (row) => {
          const a = row[li];
          const b = ri >= 0 ? row[ri] : constant;
          if (a === null || b === null) return null;
          // Numbers compare as numbers when both sides read as numbers; otherwise as text.
          const an = asNumber(a);
          const bn = asNumber(b);
          const ok = an !== null && bn !== null ? compare(an, cmp.op, bn) : compare(keyOf(a), cmp.op, keyOf(b));
          return ok ? null : `${show(a)} ${cmp.op} ${ri >= 0 ? `${show(b)} (${'column' in right ? right.column : ''})` : show(b)} is false`;
        },
      };
    }
    const i = index(rule.column);
    const at = (check: (cell: Cell & {}) => string | null): Check => (row) => {
      const cell = row[i];
      return cell === null ? null : check(cell);
    };
    const base = { name, column: rule.column };
    switch (rule.kind) {
      case 'required':
        return { ...base, check: (row) => (row[i] === null ? 'value is missing' : null) };
      case 'type': {
        const want = rule.type;
        return {
          ...base,
          check: at((cell) => {
            let ok: boolean;
            if (typeof cell === 'number') ok = want === 'integer' ? Number.isInteger(cell) : want === 'boolean' ? cell === 0 || cell === 1 : true;
            else ok = want === 'text' || convert(cell, want).widen === null;
            return ok ? null : `${show(cell)} is not ${want === 'integer' ? 'an integer' : want === 'number' ? 'a number' : want}`;
          }),
        };
      }
      case 'range': {
        const { min, max } = rule;
        return {
          ...base,
          check: at((cell) => {
            const n = asNumber(cell);
            if (n === null) return `${show(cell)} is not a number`;
            if (min !== undefined && n < min) return `${n} is below ${min}`;
            if (max !== undefined && n > max) return `${n} is above ${max}`;
            return null;
          }),
        };
      }
      case 'length': {
        const { min, max } = rule;
        return {
          ...base,
          check: at((cell) => {
            const n = codePoints(keyOf(cell));
            if (min !== undefined && n < min) return `${n} characters, fewer than ${min}`;
            if (max !== undefined && n > max) return `${n} characters, more than ${max}`;
            return null;
          }),
        };
      }
      case 'allowed': {
        const allowed = new Set(rule.values);
        const list = rule.values.slice(0, 8).join(', ') + (rule.values.length > 8 ? ', …' : '');
        return { ...base, check: at((cell) => (allowed.has(keyOf(cell)) ? null : `${show(cell)} is not one of ${list}`)) };
      }
      case 'regex': {
        const re = new RegExp(`^(?:${rule.pattern})$`, rule.ignoreCase ? 'iu' : 'u');
        return { ...base, check: at((cell) => (re.test(keyOf(cell)) ? null : `${show(cell)} does not match /${rule.pattern}/`)) };
      }
      case 'unique': {
        const seen = new Set<string | number>();
        this.uniques.push({ index: i, name, seen });
        return { ...base, check: at((cell) => (seen.has(this.uniqueKey(cell)) ? `${show(cell)} appears more than once` : null)) };
      }
      case 'exists': {
        const values = this.lookup(rule.dataset, rule.datasetColumn);
        return { ...base, check: at((cell) => (values.has(keyOf(cell)) ? null : `${show(cell)} is not in ${rule.dataset}.${rule.datasetColumn}`)) };
      }
    }
  }
}
