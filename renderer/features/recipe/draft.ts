/** Building and editing recipe steps in the UI: defaults per kind, unit presets, the mapping text form. */
import type { MappedValue, RecipeStep, StepKind } from '../../../preload/contract/recipe';

export const paletteKinds: readonly StepKind[] = ['trim', 'case', 'map', 'date', 'unit', 'impute', 'duplicates', 'outliers'];

export const kindLabels: Readonly<Record<StepKind, string>> = {
  trim: 'Trim whitespace',
  case: 'Change case',
  map: 'Map values',
  date: 'Dates to ISO',
  unit: 'Convert units',
  impute: 'Fill missing',
  duplicates: 'Duplicates',
  outliers: 'Outliers',
};

export interface UnitPreset {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly factor: number;
  readonly offset: number;
}

export const unitPresets: readonly UnitPreset[] = [
  { id: 'f-c', from: '°F', to: '°C', factor: 5 / 9, offset: -160 / 9 },
  { id: 'c-f', from: '°C', to: '°F', factor: 9 / 5, offset: 32 },
  { id: 'lb-kg', from: 'lb', to: 'kg', factor: 0.45359237, offset: 0 },
  { id: 'in-cm', from: 'in', to: 'cm', factor: 2.54, offset: 0 },
  { id: 'mi-km', from: 'mi', to: 'km', factor: 1.609344, offset: 0 },
];

export const dateFormats: readonly string[] = ['auto', 'YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'D.M.YYYY', 'DD-MM-YYYY', 'YYYY-MM-DD HH:mm:ss', 'epoch-s', 'epoch-ms'];

/** A new step of a kind, on the first column (the user picks another in its row). */
export function newStep(kind: StepKind, columns: readonly string[]): RecipeStep {
  const column = columns[0] ?? '';
  switch (kind) {
    case 'trim':
      return { kind, columns: [], collapse: true };
    case 'case':
      return { kind, columns: [], mode: 'lower' };
    case 'map':
      return { kind, column, mapping: { yes: true, y: true, true: true, no: false, n: false, false: false }, caseInsensitive: true };
    case 'date':
      return { kind, column, from: 'auto' };
    case 'unit': {
      const p = unitPresets[0];
      return { kind, column, factor: p.factor, offset: p.offset, from: p.from, to: p.to };
    }
    case 'impute':
      return { kind, column, method: 'median' };
    case 'duplicates':
      return { kind, keys: [], action: 'drop' };
    case 'outliers':
      return { kind, column, method: 'iqr', threshold: 1.5, action: 'flag' };
  }
}

function valueText(v: MappedValue): string {
  return v === null ? 'null' : String(v);
}

/** `yes=true, Y=true, no=false` — one pair per comma or line. */
export function mappingText(mapping: Readonly<Record<string, MappedValue>>): string {
  return Object.entries(mapping)
    .map(([k, v]) => `${k}=${valueText(v)}`)
    .join(', ');
}

function parseValue(raw: string): MappedValue {
  const t = raw.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** Pairs without `=` are ignored while they are being typed. */
export function parseMapping(text: string): Record<string, MappedValue> {
  const out: Record<string, MappedValue> = {};
  for (const part of text.split(/[,\n]/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    if (key) out[key] = parseValue(part.slice(eq + 1));
  }
  return out;
}

export function moveStep(steps: readonly RecipeStep[], index: number, by: -1 | 1): RecipeStep[] {
  const next = [...steps];
  const to = index + by;
  if (to < 0 || to >= next.length) return next;
  [next[index], next[to]] = [next[to], next[index]];
  return next;
}

/** Compact numbers for the per-step preview line. */
export function formatCell(v: string | number | null): string {
  if (v === null) return '∅';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return JSON.stringify(v);
}

/** The columns step `index` can refer to: the dataset's, renamed and extended by the steps before it. */
export function columnsBefore(steps: readonly RecipeStep[], index: number, base: readonly string[]): string[] {
  const cols = [...base];
  const free = (wanted: string): string => {
    let name = wanted;
    for (let n = 2; cols.includes(name); n++) name = `${wanted}_${n}`;
    return name;
  };
  for (const step of steps.slice(0, index)) {
    if (step.kind === 'unit' && step.rename) {
      const i = cols.indexOf(step.column);
      if (i >= 0 && !cols.includes(step.rename)) cols[i] = step.rename;
    } else if (step.kind === 'duplicates' && step.action === 'flag') cols.push(free(step.flagColumn ?? 'is_duplicate'));
    else if (step.kind === 'outliers' && step.action === 'flag') cols.push(free(step.flagColumn ?? `${step.column}_outlier`));
  }
  return cols;
}
