/**
 * Validation rules: what a dataset's rows must satisfy, as versioned JSON that the wizard,
 * the Rules tab, `assay import --rules rules.json` and the stored `dataset_rules` share.
 * Pure: parsing and checking here, evaluation in native-workers/ingest/rules/.
 */
import { AssayError } from './errors';
import type { ColumnType } from './types';

export const ruleSetVersion = 1;

export type CompareOp = '<' | '<=' | '==' | '!=' | '>=' | '>';
export const compareOps: readonly CompareOp[] = ['<=', '>=', '==', '!=', '<', '>'];

interface Named {
  /** Shown in quarantine and counted per rule; defaults to `column:kind` (or the expression). */
  readonly name?: string;
}

export type Rule = Named &
  (
    | { readonly kind: 'type'; readonly column: string; readonly type: ColumnType }
    | { readonly kind: 'required'; readonly column: string }
    | { readonly kind: 'range'; readonly column: string; readonly min?: number; readonly max?: number }
    | { readonly kind: 'allowed'; readonly column: string; readonly values: readonly string[] }
    /** The whole value must match (the pattern is anchored for you); JavaScript syntax, Unicode mode. */
    | { readonly kind: 'regex'; readonly column: string; readonly pattern: string; readonly ignoreCase?: boolean }
    | { readonly kind: 'unique'; readonly column: string }
    /** Length in characters (Unicode code points, so 'é' and '😀' count one each). */
    | { readonly kind: 'length'; readonly column: string; readonly min?: number; readonly max?: number }
    /** `column op column|constant`, e.g. `end >= start`, `qty > 0`, `status != 'void'`; names with spaces in backquotes. */
    | { readonly kind: 'compare'; readonly expression: string }
    /** Every value must be one of the values of `dataset`'s `datasetColumn` (in this project). */
    | { readonly kind: 'exists'; readonly column: string; readonly dataset: string; readonly datasetColumn: string }
  );

export type RuleKind = Rule['kind'];
export const ruleKinds: readonly RuleKind[] = ['type', 'required', 'range', 'allowed', 'regex', 'unique', 'length', 'compare', 'exists'];

export interface RuleSet {
  readonly version: typeof ruleSetVersion;
  readonly rules: readonly Rule[];
}

export const emptyRuleSet: RuleSet = { version: ruleSetVersion, rules: [] };

/** A parsed `compare` expression. */
export interface Comparison {
  readonly left: string;
  readonly op: CompareOp;
  readonly right: { readonly column: string } | { readonly value: number | string };
}

/** Rules stored with a dataset (`dataset_rules`, one row per saved version). */
export interface StoredRules {
  readonly datasetId: number;
  /** null when none were ever saved. */
  readonly version: number | null;
  readonly rules: RuleSet;
  readonly savedAt: string | null;
}

/** One quarantined row. `fields` are the record's values as text (editable); `issues` why it failed. */
export interface QuarantineRow {
  readonly id: number;
  /** Record number in the source (or row number in the dataset for rows moved by re-validation). */
  readonly line: number;
  readonly raw: string;
  readonly reason: string;
  readonly issues: readonly RuleIssue[];
  /** null for rows kept before fields were stored, or records that could not be split into fields. */
  readonly fields: readonly string[] | null;
  /** 'failing' until a re-validation finds the row passes every rule ('accepted': ready to promote). */
  readonly status: 'failing' | 'accepted';
}

export interface RuleIssue {
  readonly rule: string;
  readonly column: string | null;
  readonly message: string;
}

export interface RuleCount {
  readonly rule: string;
  readonly count: number;
}

export interface QuarantinePage {
  readonly datasetId: number;
  readonly columns: readonly string[];
  readonly offset: number;
  /** Rows matching the filter. */
  readonly total: number;
  readonly rows: readonly QuarantineRow[];
  /** Quarantined rows per failed rule over the whole dataset (a row failing two rules counts for both). */
  readonly ruleCounts: readonly RuleCount[];
  readonly accepted: number;
}

/** What a validate job did: re-checking a dataset, or its quarantine (and promoting what now passes). */
export interface ValidateResult {
  readonly datasetId: number;
  readonly target: 'dataset' | 'quarantine';
  readonly rowsChecked: number;
  readonly rowsFailing: number;
  /** dataset: rows moved to quarantine; quarantine: rows promoted into the dataset. */
  readonly rowsMoved: number;
  readonly rules: Readonly<Record<string, number>>;
}

/** The name a rule is counted under. */
export function ruleName(rule: Rule): string {
  if (rule.name) return rule.name;
  return rule.kind === 'compare' ? rule.expression.trim() : `${rule.column}:${rule.kind}`;
}

/** Columns a rule reads from the row being checked. */
export function ruleColumns(rule: Rule): string[] {
  if (rule.kind !== 'compare') return [rule.column];
  const c = parseComparison(rule.expression);
  return 'column' in c.right ? [c.left, c.right.column] : [c.left];
}

function bad(where: string, what: string): AssayError {
  return new AssayError('BAD_INPUT', `Rules: ${where}: ${what}`);
}

/** Tokens: `name`, `'text'`/"text", numbers, bare names. */
function parseOperand(text: string, where: string): { column: string } | { value: number | string } {
  const t = text.trim();
  if (t === '') throw bad(where, 'an operand is missing; write e.g. `end >= start` or `qty > 0`.');
  if (t.startsWith('`')) {
    if (!t.endsWith('`') || t.length < 3) throw bad(where, `unclosed backquote in ${t}.`);
    return { column: t.slice(1, -1) };
  }
  if ((t.startsWith("'") && t.endsWith("'") && t.length >= 2) || (t.startsWith('"') && t.endsWith('"') && t.length >= 2)) {
    return { value: t.slice(1, -1) };
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { value: Number(t) };
  if (/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(t)) return { column: t };
  throw bad(where, `cannot read ${JSON.stringify(t)}: use a column name (in backquotes if it has spaces), a number or a quoted text.`);
}

/** `left op right` with no evaluation of code: one comparison, nothing else. */
export function parseComparison(expression: string, where = 'compare'): Comparison {
  // Find the operator outside quotes/backquotes.
  let quote: string | null = null;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '`' || ch === "'" || ch === '"') {
      quote = ch;
      continue;
    }
    const op = compareOps.find((o) => expression.startsWith(o, i));
    if (op) {
      const left = parseOperand(expression.slice(0, i), where);
      if (!('column' in left)) throw bad(where, `the left side of ${JSON.stringify(expression)} must be a column.`);
      const right = parseOperand(expression.slice(i + op.length), where);
      return { left: left.column, op, right };
    }
    if (ch === '=' && expression[i + 1] !== '=') throw bad(where, `use == for equality in ${JSON.stringify(expression)}.`);
  }
  throw bad(where, `${JSON.stringify(expression)} has no comparison; use one of ${compareOps.join(' ')} (e.g. \`end >= start\`).`);
}

const columnTypes: readonly ColumnType[] = ['integer', 'number', 'boolean', 'text'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalNumber(r: Record<string, unknown>, key: string, where: string): number | undefined {
  const v = r[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(where, `${key} must be a number, not ${JSON.stringify(v)}.`);
  return v;
}

function text(r: Record<string, unknown>, key: string, where: string): string {
  const v = r[key];
  if (typeof v !== 'string' || v === '') throw bad(where, `${key} must be a non-empty text.`);
  return v;
}

function checkRule(raw: unknown, i: number): Rule {
  const where = `rules[${i}]`;
  if (!isObject(raw)) throw bad(where, 'each rule must be an object like {"kind": "required", "column": "id"}.');
  const kind = raw['kind'];
  if (typeof kind !== 'string' || !(ruleKinds as readonly string[]).includes(kind)) {
    throw bad(where, `unknown rule kind ${JSON.stringify(kind)}; known kinds: ${ruleKinds.join(', ')}.`);
  }
  const name = raw['name'] === undefined ? {} : { name: text(raw, 'name', where) };
  const at = `${where} (${kind})`;
  switch (kind as RuleKind) {
    case 'type': {
      const type = raw['type'];
      if (typeof type !== 'string' || !(columnTypes as readonly string[]).includes(type)) {
        throw bad(at, `type must be one of ${columnTypes.join(', ')}, not ${JSON.stringify(type)}.`);
      }
      return { kind: 'type', column: text(raw, 'column', at), type: type as ColumnType, ...name };
    }
    case 'required':
      return { kind: 'required', column: text(raw, 'column', at), ...name };
    case 'unique':
      return { kind: 'unique', column: text(raw, 'column', at), ...name };
    case 'range':
    case 'length': {
      const min = optionalNumber(raw, 'min', at);
      const max = optionalNumber(raw, 'max', at);
      if (min === undefined && max === undefined) throw bad(at, 'give min, max or both.');
      if (min !== undefined && max !== undefined && min > max) throw bad(at, `min (${min}) is above max (${max}).`);
      return { kind, column: text(raw, 'column', at), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), ...name } as Rule;
    }
    case 'allowed': {
      const values = raw['values'];
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
        throw bad(at, 'values must be a non-empty list of texts or numbers.');
      }
      return { kind: 'allowed', column: text(raw, 'column', at), values: values.map(String), ...name };
    }
    case 'regex': {
      const pattern = text(raw, 'pattern', at);
      const ignoreCase = raw['ignoreCase'] === true;
      try {
        new RegExp(`^(?:${pattern})$`, ignoreCase ? 'iu' : 'u');
      } catch (err) {
        throw bad(at, `pattern ${JSON.stringify(pattern)} is not a valid regular expression (${err instanceof Error ? err.message : String(err)}).`);
      }
      return { kind: 'regex', column: text(raw, 'column', at), pattern, ...(ignoreCase ? { ignoreCase } : {}), ...name };
    }
    case 'compare': {
      const expression = text(raw, 'expression', at);
      parseComparison(expression, at);
      return { kind: 'compare', expression, ...name };
    }
    case 'exists':
      return { kind: 'exists', column: text(raw, 'column', at), dataset: text(raw, 'dataset', at), datasetColumn: text(raw, 'datasetColumn', at), ...name };
  }
}

/**
 * Checks untrusted JSON (a rules file, a request) and returns a clean RuleSet, or throws
 * BAD_INPUT naming the rule and field at fault. With `columns`, every column a rule reads
 * must exist.
 */
export function parseRuleSet(json: unknown, columns?: readonly string[]): RuleSet {
  if (!isObject(json)) throw bad('top level', 'expected an object like {"version": 1, "rules": [...]}.');
  if (json['version'] !== ruleSetVersion) throw bad('version', `must be ${ruleSetVersion}, not ${JSON.stringify(json['version'])}.`);
  const list = json['rules'];
  if (!Array.isArray(list)) throw bad('rules', 'must be a list.');
  const rules = list.map(checkRule);
  const names = new Set<string>();
  rules.forEach((r, i) => {
    const n = ruleName(r);
    if (names.has(n)) throw bad(`rules[${i}]`, `another rule is already named ${JSON.stringify(n)}; give one a "name".`);
    names.add(n);
  });
  if (columns) checkColumns({ version: ruleSetVersion, rules }, columns);
  return { version: ruleSetVersion, rules };
}

/** Every column a rule reads must be one of `columns`. */
export function checkColumns(set: RuleSet, columns: readonly string[]): void {
  const known = new Set(columns);
  set.rules.forEach((r, i) => {
    for (const c of ruleColumns(r)) {
      if (!known.has(c)) {
        throw bad(`rules[${i}] (${ruleName(r)})`, `column ${JSON.stringify(c)} is not in the data; columns are ${columns.slice(0, 20).join(', ')}${columns.length > 20 ? ', …' : ''}.`);
      }
    }
  });
}
