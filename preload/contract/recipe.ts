/**
 * Cleansing recipes: an ordered, versioned list of steps, JSON-safe so the Cleanse tab, the
 * import wizard, `assay import --recipe recipe.json` and a replay share one definition.
 */
import { AssayError } from './errors';

export const recipeFormat = 'assay-recipe/1';

export type CaseMode = 'lower' | 'upper' | 'title';
export type ImputeMethod = 'mean' | 'median' | 'mode' | 'constant' | 'ffill';
export type MappedValue = string | number | boolean | null;

/**
 * A date format: tokens YYYY, YY, M/MM, D/DD, H/HH, mm, ss, SSS between literal separators
 * (M, D and H take one or two digits), or `epoch-s` / `epoch-ms`, or `auto` (detected from the
 * column: the format that reads the most values; day-first and month-first formats that read
 * every value equally are reported as ambiguous and month-first is used).
 */
export type RecipeDateFormat = string;

export type RecipeStep =
  /** Leading/trailing whitespace off; `collapse` also turns inner runs into one space. Empty `columns`: every text column. */
  | { readonly kind: 'trim'; readonly columns: readonly string[]; readonly collapse: boolean }
  | { readonly kind: 'case'; readonly columns: readonly string[]; readonly mode: CaseMode }
  /** Values equal to a key (as text) become the key's value; `true`/`false` are stored as booleans. */
  | {
      readonly kind: 'map';
      readonly column: string;
      readonly mapping: Readonly<Record<string, MappedValue>>;
      readonly caseInsensitive: boolean;
    }
  | { readonly kind: 'date'; readonly column: string; readonly from: RecipeDateFormat }
  /** value × factor + offset, e.g. °F→°C factor 5/9 offset −160/9; `to` is the unit recorded; `rename` renames the column. */
  | {
      readonly kind: 'unit';
      readonly column: string;
      readonly factor: number;
      readonly offset: number;
      readonly from: string;
      readonly to: string;
      readonly rename?: string;
    }
  | { readonly kind: 'impute'; readonly column: string; readonly method: ImputeMethod; readonly value?: MappedValue }
  /** Later rows with the same values in `keys` (empty: every column) are dropped, or flagged in a new boolean column. */
  | { readonly kind: 'duplicates'; readonly keys: readonly string[]; readonly action: 'drop' | 'flag'; readonly flagColumn?: string }
  /** IQR: outside [Q1 − k·IQR, Q3 + k·IQR] (k default 1.5); z-score: |x − mean| > k·std (population std, k default 3). */
  | {
      readonly kind: 'outliers';
      readonly column: string;
      readonly method: 'iqr' | 'zscore';
      readonly threshold?: number;
      readonly action: 'clip' | 'flag';
      readonly flagColumn?: string;
    };

export type StepKind = RecipeStep['kind'];

export interface Recipe {
  readonly format: typeof recipeFormat;
  readonly steps: readonly RecipeStep[];
}

export const emptyRecipe: Recipe = { format: recipeFormat, steps: [] };

/** One before → after example of a step's effect (row = 1-based row number in the data shown). */
export interface ChangeExample {
  readonly row: number;
  readonly column: string;
  readonly before: string | number | null;
  readonly after: string | number | null;
}

/** What one step did (preview) or does (apply). */
export interface StepOutcome {
  readonly index: number;
  readonly kind: StepKind;
  readonly label: string;
  readonly rowsChanged: number;
  readonly cellsChanged: number;
  readonly rowsDropped: number;
  readonly rowsFlagged: number;
  /** Values the step had to leave as they were (a date it could not read, text in a numeric step). */
  readonly skipped: number;
  /** What the step computed from the data: mean, median, bounds, the detected date format… */
  readonly stats: Readonly<Record<string, number | string>>;
  readonly notes: readonly string[];
  readonly examples: readonly ChangeExample[];
}

export interface RecipePreview {
  readonly rowsTotal: number;
  /** Rows the preview ran on: all of them, or the first `rowsScanned` of a large dataset. */
  readonly rowsScanned: number;
  readonly sampled: boolean;
  readonly steps: readonly StepOutcome[];
  /** Distinct rows changed by any step (dropped rows not included). */
  readonly rowsChanged: number;
  readonly rowsDropped: number;
}

export interface RecipeOutcome {
  readonly recipeId: number;
  readonly version: number;
  readonly sourceKey: string;
  readonly rowsChanged: number;
  readonly rowsDropped: number;
  readonly cellsChanged: number;
  readonly steps: readonly StepOutcome[];
}

/** A stored recipe version for a source. */
export interface StoredRecipe {
  readonly id: number;
  readonly sourceKey: string;
  readonly version: number;
  readonly recipe: Recipe;
  readonly createdAt: string;
}

export interface RecipeApplication {
  readonly recipeId: number;
  readonly version: number;
  readonly trigger: 'import' | 'manual';
  readonly at: string;
  readonly rowsChanged: number;
  readonly rowsDropped: number;
}

/** What the Cleanse tab shows for a dataset: its source key, the recipe stored for it and what was applied. */
export interface DatasetRecipeInfo {
  readonly datasetId: number;
  readonly sourceKey: string;
  readonly latest: StoredRecipe | null;
  readonly applied: readonly RecipeApplication[];
}

/**
 * The key later imports of "the same source" share: the file's base name, lower-cased, with
 * every run of digits as `#` — sales-2024-03.csv and sales-2024-04.csv get the same recipe.
 */
export function sourceKeyOf(source: string): string {
  const base = source.replace(/^upload:/, '').split(/[\\/]/).pop() ?? source;
  return base.toLowerCase().replace(/\d+/g, '#');
}

/** Steps that need whole-column statistics (or a detected format) run as a pass over the stored table. */
export function needsWholeColumn(step: RecipeStep): boolean {
  switch (step.kind) {
    case 'duplicates':
    case 'outliers':
      return true;
    case 'impute':
      return step.method === 'mean' || step.method === 'median' || step.method === 'mode';
    case 'date':
      return step.from === 'auto';
    default:
      return false;
  }
}

function short(x: number): number {
  return Number(x.toPrecision(6));
}

function cols(list: readonly string[]): string {
  return list.length === 0 ? 'every text column' : list.join(', ');
}

/** A step in words, for lists, lineage and the CLI. */
export function describeStep(step: RecipeStep): string {
  switch (step.kind) {
    case 'trim':
      return `Trim${step.collapse ? ' and collapse' : ''} whitespace in ${cols(step.columns)}`;
    case 'case':
      return `${step.mode[0].toUpperCase()}${step.mode.slice(1)} case in ${cols(step.columns)}`;
    case 'map':
      return `Map ${Object.keys(step.mapping).length} value(s) in ${step.column}${step.caseInsensitive ? ' (any case)' : ''}`;
    case 'date':
      return `Dates in ${step.column} to ISO 8601 (from ${step.from})`;
    case 'unit':
      return `Convert ${step.column} from ${step.from} to ${step.to} (× ${short(step.factor)}${step.offset ? ` + ${short(step.offset)}` : ''})${step.rename ? `, renamed ${step.rename}` : ''}`;
    case 'impute':
      return `Fill missing ${step.column} with ${step.method === 'constant' ? JSON.stringify(step.value ?? null) : step.method === 'ffill' ? 'the previous value' : `the ${step.method}`}`;
    case 'duplicates':
      return `${step.action === 'drop' ? 'Drop' : 'Flag'} duplicate rows${step.keys.length ? ` by ${step.keys.join(', ')}` : ''}`;
    case 'outliers':
      return `${step.action === 'clip' ? 'Clip' : 'Flag'} outliers in ${step.column} (${step.method === 'iqr' ? `IQR × ${step.threshold ?? 1.5}` : `z > ${step.threshold ?? 3}`})`;
  }
}

// --- checking a recipe that came from a file or the wire -------------------------------------

type Json = unknown;

function fail(where: string, what: string): never {
  throw new AssayError('BAD_INPUT', where ? `Recipe ${where}: ${what}` : `Recipe: ${what}`);
}

function obj(v: Json, where: string): Record<string, Json> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, 'must be an object.');
  return v as Record<string, Json>;
}

function str(o: Record<string, Json>, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '') fail(`${where}.${key}`, 'must be a non-empty string.');
  return v;
}

function num(o: Record<string, Json>, key: string, where: string, fallback?: number): number {
  const v = o[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where}.${key}`, 'must be a finite number.');
  return v;
}

function strList(o: Record<string, Json>, key: string, where: string): string[] {
  const v = o[key] ?? [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(`${where}.${key}`, 'must be a list of column names.');
  return v as string[];
}

function oneOf<T extends string>(o: Record<string, Json>, key: string, allowed: readonly T[], where: string, fallback?: T): T {
  const v = o[key] ?? fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) fail(`${where}.${key}`, `must be one of ${allowed.join(', ')}.`);
  return v as T;
}

function mapped(v: Json, where: string): MappedValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
  fail(where, 'must be text, a number, true/false or null.');
}

function checkStep(raw: Json, where: string): RecipeStep {
  const o = obj(raw, where);
  const kind = oneOf(o, 'kind', ['trim', 'case', 'map', 'date', 'unit', 'impute', 'duplicates', 'outliers'] as const, where);
  const optName = (key: string): { readonly [k: string]: string } => (o[key] === undefined ? {} : { [key]: str(o, key, where) });
  switch (kind) {
    case 'trim':
      return { kind, columns: strList(o, 'columns', where), collapse: o['collapse'] === true };
    case 'case':
      return { kind, columns: strList(o, 'columns', where), mode: oneOf(o, 'mode', ['lower', 'upper', 'title'] as const, where) };
    case 'map': {
      const m = obj(o['mapping'], `${where}.mapping`);
      if (Object.keys(m).length === 0) fail(`${where}.mapping`, 'maps no values.');
      const mapping: Record<string, MappedValue> = {};
      for (const [k, v] of Object.entries(m)) mapping[k] = mapped(v, `${where}.mapping.${k}`);
      return { kind, column: str(o, 'column', where), mapping, caseInsensitive: o['caseInsensitive'] === true };
    }
    case 'date':
      return { kind, column: str(o, 'column', where), from: typeof o['from'] === 'string' && o['from'].trim() ? o['from'] : 'auto' };
    case 'unit': {
      const factor = num(o, 'factor', where, 1);
      if (factor === 0) fail(`${where}.factor`, 'must not be 0 (every value would become the offset).');
      return {
        kind,
        column: str(o, 'column', where),
        factor,
        offset: num(o, 'offset', where, 0),
        from: typeof o['from'] === 'string' ? o['from'] : '',
        to: str(o, 'to', where),
        ...optName('rename'),
      };
    }
    case 'impute': {
      const method = oneOf(o, 'method', ['mean', 'median', 'mode', 'constant', 'ffill'] as const, where);
      if (method === 'constant' && (o['value'] === undefined || o['value'] === null)) fail(`${where}.value`, 'is needed to fill with a constant.');
      return { kind, column: str(o, 'column', where), method, ...(method === 'constant' ? { value: mapped(o['value'], `${where}.value`) } : {}) };
    }
    case 'duplicates':
      return { kind, keys: strList(o, 'keys', where), action: oneOf(o, 'action', ['drop', 'flag'] as const, where, 'drop'), ...optName('flagColumn') };
    case 'outliers': {
      const method = oneOf(o, 'method', ['iqr', 'zscore'] as const, where);
      const threshold = num(o, 'threshold', where, method === 'iqr' ? 1.5 : 3);
      if (threshold <= 0) fail(`${where}.threshold`, 'must be above 0.');
      return {
        kind,
        column: str(o, 'column', where),
        method,
        threshold,
        action: oneOf(o, 'action', ['clip', 'flag'] as const, where, 'flag'),
        ...optName('flagColumn'),
      };
    }
  }
}

/** Checks a recipe read from JSON; errors say which step and field is wrong. A bare list of steps is accepted too. */
export function parseRecipe(raw: Json): Recipe {
  const o = Array.isArray(raw) ? { format: recipeFormat, steps: raw } : obj(raw, '');
  const format = o['format'] ?? recipeFormat;
  if (format !== recipeFormat) fail('format', `is ${JSON.stringify(format)}; this Assay reads ${recipeFormat}.`);
  if (!Array.isArray(o['steps'])) fail('steps', 'must be a list of steps.');
  return { format: recipeFormat, steps: o['steps'].map((s, i) => checkStep(s, `step ${i + 1}`)) };
}

/** The columns a step reads or writes, to check them against a dataset before running. */
export function stepColumns(step: RecipeStep): readonly string[] {
  switch (step.kind) {
    case 'trim':
    case 'case':
      return step.columns;
    case 'duplicates':
      return step.keys;
    default:
      return [step.column];
  }
}
