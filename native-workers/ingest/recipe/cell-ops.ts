/**
 * Row-local steps as per-cell operations: each looks at one cell at a time (forward fill keeps
 * the last value it saw), so the same code runs as a RowStage during an import and as a pass
 * over a stored table.
 */
import type { Cell } from '../../../preload/contract/types';
import type { CaseMode, MappedValue, RecipeStep } from '../../../preload/contract/recipe';
import { dateParser } from './dates';

export interface CellOp {
  readonly column: number;
  /** The new value; the very same value when the cell stays as it is. */
  apply(value: Cell): Cell;
  /** Values the op could not handle and left alone. */
  skipped: number;
}

/** Where a step's columns are in the table as it is now (earlier steps may have renamed or added some). */
export interface Columns {
  readonly names: readonly string[];
}

export function columnIndex(cols: Columns, name: string): number {
  const i = cols.names.indexOf(name);
  if (i < 0) throw new RecipeColumnError(name, cols.names);
  return i;
}

export class RecipeColumnError extends Error {
  constructor(
    readonly column: string,
    names: readonly string[],
  ) {
    super(`column "${column}" does not exist (columns: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})`);
  }
}

/** Listed columns, or all of them: the text ops only ever touch text cells, so "all" means every text value. */
function textColumns(cols: Columns, listed: readonly string[]): number[] {
  if (listed.length > 0) return listed.map((n) => columnIndex(cols, n));
  return cols.names.map((_, i) => i);
}

function changeCase(s: string, mode: CaseMode): string {
  if (mode === 'lower') return s.toLowerCase();
  if (mode === 'upper') return s.toUpperCase();
  return s.toLowerCase().replace(/(^|[\s\-_/(])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Mapped values as cells: booleans are stored as 1/0, like every boolean column. */
export function mappedCell(v: MappedValue): Cell {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}


/** Numbers after arithmetic: 15 significant digits drop binary noise (212 °F → 100, not 99.99999999999999). */
export function tidy(n: number): number {
  return Number(n.toPrecision(15));
}

function op(column: number, apply: (v: Cell, self: CellOp) => Cell): CellOp {
  const o: CellOp = { column, skipped: 0, apply: (v) => apply(v, o) };
  return o;
}

/** The ops of a row-local step (see needsWholeColumn for the others), one per column it touches. */
export function cellOps(step: RecipeStep, cols: Columns, resolvedDateFormat?: string): CellOp[] {
  switch (step.kind) {
    case 'trim': {
      const fix = step.collapse ? (s: string) => s.trim().replace(/\s+/g, ' ') : (s: string) => s.trim();
      return textColumns(cols, step.columns).map((c) =>
        op(c, (v) => {
          if (typeof v !== 'string') return v;
          const t = fix(v);
          return t === v ? v : t;
        }),
      );
    }
    case 'case':
      return textColumns(cols, step.columns).map((c) =>
        op(c, (v) => {
          if (typeof v !== 'string') return v;
          const t = changeCase(v, step.mode);
          return t === v ? v : t;
        }),
      );
    case 'map': {
      const c = columnIndex(cols, step.column);
      const table = new Map<string, Cell>();
      for (const [k, v] of Object.entries(step.mapping)) table.set(step.caseInsensitive ? k.toLowerCase() : k, mappedCell(v));
      return [
        op(c, (v) => {
          if (v === null) return v;
          const key = String(v);
          const hit = table.get(step.caseInsensitive ? key.toLowerCase() : key);
          return hit === undefined || hit === v ? v : hit;
        }),
      ];
    }
    case 'date': {
      const c = columnIndex(cols, step.column);
      const format = resolvedDateFormat ?? step.from;
      const parser = dateParser(format);
      return [
        op(c, (v, self) => {
          if (v === null) return v;
          const out = parser.parse(v);
          if (out === null) {
            self.skipped++;
            return v;
          }
          return out === v ? v : out;
        }),
      ];
    }
    case 'unit': {
      const c = columnIndex(cols, step.column);
      return [
        op(c, (v, self) => {
          if (v === null) return v;
          if (typeof v !== 'number') {
            self.skipped++;
            return v;
          }
          const out = tidy(v * step.factor + step.offset);
          return out === v ? v : out;
        }),
      ];
    }
    case 'impute': {
      const c = columnIndex(cols, step.column);
      if (step.method === 'constant') {
        const fill = mappedCell(step.value ?? null);
        return [op(c, (v) => (v === null ? fill : v))];
      }
      if (step.method === 'ffill') {
        let last: Cell = null;
        return [
          op(c, (v) => {
            if (v !== null) {
              last = v;
              return v;
            }
            return last;
          }),
        ];
      }
      throw new Error(`impute by ${step.method} needs the whole column`);
    }
    case 'duplicates':
    case 'outliers':
      throw new Error(`${step.kind} needs the whole column`);
  }
}

/** An impute op with a value computed from the column (mean, median, mode). */
export function fillOp(column: number, fill: Cell): CellOp {
  return op(column, (v) => (v === null ? fill : v));
}
