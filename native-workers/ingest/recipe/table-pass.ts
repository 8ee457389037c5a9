/**
 * Runs recipe steps over a stored dataset table (`c0…cN ANY`, rows in rowid order), counting
 * what each step changes and keeping a few before/after examples. The same pass serves the
 * preview (on an in-memory copy), the Cleanse tab's apply (one transaction on the project) and
 * the whole-column steps of an import (inside its last transaction). Steps are generators that
 * yield between chunks of rows, so a job can report progress and honour cancel in between.
 */
import { AssayError } from '../../../preload/contract/errors';
import { describeStep, type ChangeExample, type RecipeStep, type StepOutcome } from '../../../preload/contract/recipe';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { cellUpdater, countRows, rowPages, type RowFilter } from '../../project/rows';
import { compactRowTable, addRowColumn } from '../../project/dataset-tables';
import { columnFacts, countTextCells, findDuplicates, type ColumnFacts } from '../../project/recipe-rows';
import type { StoredTable } from '../stages';
import { cellOps, columnIndex, fillOp, RecipeColumnError, type CellOp } from './cell-ops';
import { detectDateFormat } from './dates';
import { iqrBounds, mean, median, mode, zBounds } from './stats';

const chunkRows = 20_000;
const dateSampleValues = 10_000;

/** A set of row ids (a growable bitmap: 1 byte per row, fine up to tens of millions of rows). */
export class RowSet {
  private bits = new Uint8Array(1024);
  size = 0;

  add(id: number): void {
    if (id >= this.bits.length) {
      let n = this.bits.length;
      while (n <= id) n *= 2;
      const next = new Uint8Array(n);
      next.set(this.bits);
      this.bits = next;
    }
    if (this.bits[id] === 0) {
      this.bits[id] = 1;
      this.size++;
    }
  }

  delete(id: number): void {
    if (id < this.bits.length && this.bits[id] === 1) {
      this.bits[id] = 0;
      this.size--;
    }
  }
}

/** A growable list of numbers, for whole-column statistics. */
class Numbers {
  private buf = new Float64Array(4096);
  length = 0;

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  values(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}

/** Kinds of values a step wrote into a column, as bits: enough to widen its type without rereading it. */
export const wroteText = 1;
export const wroteFraction = 2;
export const wroteWhole = 4;
export const wroteZeroOne = 8;

export function kindOf(v: Cell): number {
  if (v === null) return 0;
  if (typeof v === 'string') return wroteText;
  if (!Number.isInteger(v)) return wroteFraction;
  return v === 0 || v === 1 ? wroteZeroOne : wroteWhole;
}

function widenBy(current: ColumnType, wrote: number): ColumnType {
  if (current === 'text' || wrote & wroteText) return 'text';
  if (wrote & wroteFraction) return 'number';
  if (current === 'number') return 'number';
  if (current === 'boolean' && !(wrote & wroteWhole)) return 'boolean';
  return wrote & (wroteWhole | wroteZeroOne) ? 'integer' : current;
}

/** Progress inside a pass: which step, and how far through the table it is (0..1). */
export interface PassProgress {
  readonly step: number;
  readonly fraction: number;
}

interface Tally {
  rowsChanged: number;
  cellsChanged: number;
  rowsDropped: number;
  rowsFlagged: number;
  skipped: number;
  stats: Record<string, number | string>;
  notes: string[];
  examples: ChangeExample[];
}

export interface PassOptions {
  /** Before/after examples kept per step. */
  readonly examples?: number;
}

function stepError(index: number, step: RecipeStep, what: string): AssayError {
  return new AssayError('BAD_INPUT', `Recipe step ${index + 1} (${describeStep(step)}): ${what}.`);
}

export class TablePass {
  /** Rows changed by any step so far (dropped rows taken out again). */
  readonly changed = new RowSet();
  rowsDropped = 0;
  /** Columns a value mapping rewrote: their types are read back from the table at the end (mapping can remove the last text). */
  private readonly touched = new Map<number, boolean>();
  /** Other rewritten columns: the kinds of values written, to widen their types. */
  private readonly written = new Map<number, number>();
  private readonly updates = new Map<number, (value: Cell, rowid: number) => void>();
  private readonly total: number;
  private readonly examples: number;

  constructor(
    private readonly t: StoredTable,
    opts: PassOptions = {},
  ) {
    this.examples = opts.examples ?? 5;
    this.total = countRows(t.db, t.tableName);
  }

  /** Runs steps in order; yields between chunks; returns each step's outcome. `firstIndex` numbers them in the whole recipe. */
  *run(steps: readonly RecipeStep[], firstIndex = 0): Generator<PassProgress, StepOutcome[]> {
    const out: StepOutcome[] = [];
    for (let k = 0; k < steps.length; k++) {
      const index = firstIndex + k;
      const step = steps[k];
      const tally: Tally = { rowsChanged: 0, cellsChanged: 0, rowsDropped: 0, rowsFlagged: 0, skipped: 0, stats: {}, notes: [], examples: [] };
      try {
        yield* this.step(step, index, tally);
      } catch (err) {
        if (err instanceof RecipeColumnError) throw stepError(index, step, err.message);
        throw err;
      }
      out.push({ index, kind: step.kind, label: describeStep(step), ...tally });
    }
    return out;
  }

  /** Marks rows as changed by work done before this pass (the row-local steps of an import). */
  markChanged(rowid: number): void {
    this.changed.add(rowid);
  }

  /** Sets the final types of the columns the steps touched and renumbers rows if some were dropped. */
  finish(): void {
    for (const [c, wrote] of this.written) if (!this.touched.has(c)) this.t.types[c] = widenBy(this.t.types[c], wrote);
    const touched = [...this.touched];
    const facts = columnFacts(this.t.db, this.t.tableName, touched.map(([c]) => c));
    touched.forEach(([c, preferBoolean], k) => (this.t.types[c] = this.retype(c, preferBoolean, facts[k])));
    if (this.rowsDropped > 0) this.compact();
    this.t.rowsRemoved += this.rowsDropped;
  }

  /** Notes the kinds of values written into a column (by this pass, or before it by an import's row stage). */
  noteWritten(column: number, kinds: number): void {
    this.written.set(column, (this.written.get(column) ?? 0) | kinds);
  }

  /** Marks a column whose type must be read back from the table at the end (value mapping). */
  touch(column: number, preferBoolean: boolean): void {
    this.touched.set(column, (this.touched.get(column) ?? false) || preferBoolean);
  }

  private *step(step: RecipeStep, index: number, tally: Tally): Generator<PassProgress, void> {
    switch (step.kind) {
      case 'trim':
      case 'case':
      case 'map':
      case 'unit':
        yield* this.applyOps(cellOps(step, this.t), index, tally);
        if (step.kind === 'map') {
          const outputs = Object.values(step.mapping).filter((v) => v !== null);
          this.touch(columnIndex(this.t, step.column), outputs.length > 0 && outputs.every((v) => typeof v === 'boolean'));
        }
        if (step.kind === 'unit') {
          tally.stats['unit'] = step.to;
          if (step.rename) this.rename(columnIndex(this.t, step.column), step.rename, index, step);
        }
        return;
      case 'date': {
        let format = step.from;
        if (format === 'auto') {
          const c = columnIndex(this.t, step.column);
          const sample: (string | number)[] = [];
          for (const rows of this.scan([c])) {
            for (const r of rows) if (r[1] !== null && sample.length < dateSampleValues) sample.push(r[1] as string | number);
            if (sample.length >= dateSampleValues) break;
          }
          const found = detectDateFormat(sample);
          if (found.format === null) {
            tally.notes.push(`No date format reads the values of ${step.column}; nothing was changed.`);
            return;
          }
          format = found.format;
          tally.stats['format'] = format;
          if (found.ambiguousWith) tally.notes.push(`Ambiguous: ${found.ambiguousWith} reads the values too; ${format} was used. Name the format to choose.`);
          if (found.parsed < found.total) tally.notes.push(`${format} reads ${found.parsed} of ${found.total} sampled values.`);
        }
        let ops: CellOp[];
        try {
          ops = cellOps(step, this.t, format);
        } catch (err) {
          if (err instanceof RecipeColumnError) throw err;
          throw stepError(index, step, err instanceof Error ? err.message : String(err));
        }
        yield* this.applyOps(ops, index, tally);
        return;
      }
      case 'impute': {
        const c = columnIndex(this.t, step.column);
        if (step.method === 'constant' || step.method === 'ffill') {
          yield* this.applyOps(cellOps(step, this.t), index, tally);
          return;
        }
        let fill: Cell;
        if (step.method === 'mode') {
          const counts = new Map<string | number, number>();
          for (const rows of this.scan([c])) {
            for (const r of rows) {
              const v = r[1];
              if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
            }
            yield { step: index, fraction: 0.5 };
          }
          fill = mode(counts);
        } else {
          const values = yield* this.numbers(c, index, step);
          fill = values.length === 0 ? null : step.method === 'mean' ? mean(values) : median(values);
        }
        if (fill === null) {
          tally.notes.push(`${step.column} has no values to compute the ${step.method} from; nothing was filled.`);
          return;
        }
        tally.stats[step.method] = fill;
        yield* this.applyOps([fillOp(c, fill)], index, tally, { kind: 'null', column: c });
        return;
      }
      case 'outliers': {
        const c = columnIndex(this.t, step.column);
        const values = yield* this.numbers(c, index, step);
        if (values.length === 0) {
          tally.notes.push(`${step.column} has no numbers; nothing to do.`);
          return;
        }
        const k = step.threshold ?? (step.method === 'iqr' ? 1.5 : 3);
        const b = step.method === 'iqr' ? iqrBounds(values, k) : zBounds(values, k);
        const outside: RowFilter = { kind: 'number-outside', column: c, lo: b.lo, hi: b.hi };
        Object.assign(tally.stats, b.stats, { lo: b.lo, hi: b.hi });
        if (step.action === 'clip') {
          const clip: CellOp = {
            column: c,
            skipped: 0,
            // Stryker disable next-line EqualityOperator: a value on a bound is clipped to itself, the same number.
            apply: (v) => (typeof v !== 'number' ? v : v < b.lo ? b.lo : v > b.hi ? b.hi : v),
          };
          yield* this.applyOps([clip], index, tally, outside);
          return;
        }
        yield* this.flag(step.flagColumn ?? `${step.column}_outlier`, [c], (r) => typeof r[0] === 'number' && (r[0] < b.lo || r[0] > b.hi), index, tally, outside);
        return;
      }
      case 'duplicates': {
        const keys = step.keys.length ? step.keys.map((n) => columnIndex(this.t, n)) : this.t.names.map((_, i) => i);
        tally.stats['keys'] = step.keys.length ? step.keys.join(', ') : 'all columns';
        yield* this.duplicates(keys, step, index, tally);
        return;
      }
    }
  }

  /**
   * Later rows with the same key values as an earlier one. SQLite's GROUP BY finds them (NULLs
   * equal, as pandas' duplicated() has it; 1 and '1' differ) without every key passing through
   * JS; only the duplicates' row ids come back.
   */
  private *duplicates(keys: readonly number[], step: Extract<RecipeStep, { kind: 'duplicates' }>, index: number, tally: Tally): Generator<PassProgress, void> {
    const dups = findDuplicates(this.t.db, this.t.tableName, keys);
    try {
      yield { step: index, fraction: 0.5 };
      const ids = dups.ids();
      const examples = ids.slice(0, this.examples).map((id) => ({ id, values: dups.keyValues(id) }));
      if (step.action === 'drop') {
        dups.remove();
        for (const id of ids) this.changed.delete(id);
        tally.rowsDropped += ids.length;
        this.rowsDropped += ids.length;
        for (const e of examples) tally.examples.push({ row: e.id, column: '(row)', before: JSON.stringify(e.values), after: 'dropped' });
        return;
      }
      const name = this.freeName(step.flagColumn ?? 'is_duplicate');
      const position = this.t.names.length;
      // Flagged with a DEFAULT 0 column: rows read as 0 without being rewritten; only the duplicates are updated.
      dups.flag(position);
      this.t.names.push(name);
      this.t.types.push('boolean');
      for (const id of ids) this.changed.add(id);
      tally.rowsFlagged += ids.length;
      tally.rowsChanged += ids.length;
      tally.cellsChanged += ids.length;
      tally.stats['column'] = name;
      for (const e of examples) tally.examples.push({ row: e.id, column: name, before: null, after: 1 });
    } finally {
      dups.release();
    }
  }

  /** Every number in a column (text cells in a numeric step are an error: the step cannot mean them). */
  private *numbers(c: number, index: number, step: RecipeStep): Generator<PassProgress, Float64Array> {
    const values = new Numbers();
    for (const rows of this.scan([c], { kind: 'number', column: c })) {
      for (const r of rows) values.push(r[1] as number);
      yield { step: index, fraction: 0.5 * this.fraction(rows) };
    }
    if (values.length === 0) {
      if (countTextCells(this.t.db, this.t.tableName, c) > 0) throw stepError(index, step, `${this.t.names[c]} holds text, not numbers; convert it first, or fill with the mode or a constant`);
    }
    return values.values();
  }

  private *applyOps(ops: readonly CellOp[], index: number, tally: Tally, filter?: RowFilter): Generator<PassProgress, void> {
    if (ops.length === 0) return;
    const cols = ops.map((o) => o.column);
    const kinds = cols.map(() => 0);
    for (const rows of this.scan(cols, filter)) {
      for (const r of rows) {
        const rowid = r[0] as number;
        let rowChanged = false;
        for (let k = 0; k < ops.length; k++) {
          const before = r[k + 1];
          const after = ops[k].apply(before);
          if (after === before) continue;
          r[k + 1] = after;
          kinds[k] |= kindOf(after);
          this.update(cols[k])(after, rowid);
          tally.cellsChanged++;
          rowChanged = true;
          if (tally.examples.length < this.examples) tally.examples.push({ row: rowid, column: this.t.names[cols[k]], before, after });
        }
        if (rowChanged) {
          tally.rowsChanged++;
          this.changed.add(rowid);
        }
      }
      yield { step: index, fraction: this.fraction(rows) };
    }
    tally.skipped += ops.reduce((s, o) => s + o.skipped, 0);
    cols.forEach((c, k) => this.noteWritten(c, kinds[k]));
  }

  /** Adds a boolean column that is 1 where `test` holds for the row's `cols` values, 0 elsewhere. */
  private *flag(
    wanted: string,
    cols: readonly number[],
    test: (r: readonly Cell[]) => boolean,
    index: number,
    tally: Tally,
    filter?: RowFilter,
  ): Generator<PassProgress, void> {
    const name = this.freeName(wanted);
    const position = this.t.names.length;
    addRowColumn(this.t.db, this.t.tableName, position, true);
    this.t.names.push(name);
    this.t.types.push('boolean');
    const set = this.update(position);
    for (const rows of this.scan(cols, filter)) {
      for (const r of rows) {
        const rowid = r[0] as number;
        if (!test(r.slice(1))) continue;
        set(1, rowid);
        tally.rowsFlagged++;
        tally.rowsChanged++;
        tally.cellsChanged++;
        this.changed.add(rowid);
        if (tally.examples.length < this.examples) tally.examples.push({ row: rowid, column: name, before: null, after: 1 });
      }
      yield { step: index, fraction: this.fraction(rows) };
    }
    tally.stats['column'] = name;
  }

  private rename(c: number, to: string, index: number, step: RecipeStep): void {
    if (this.t.names[c] === to) return;
    if (this.t.names.includes(to)) throw stepError(index, step, `cannot rename to "${to}": a column has that name`);
    this.t.names[c] = to;
  }

  private freeName(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.t.names.includes(name); n++) name = `${wanted}_${n}`;
    return name;
  }

  private fraction(rows: readonly (readonly Cell[])[]): number {
    const last = rows.length ? (rows[rows.length - 1][0] as number) : 0;
    // Dropped rows keep their ids until finish() renumbers them, so the table's first row count stays the scale.
    return this.total > 0 ? Math.min(1, last / this.total) : 1;
  }

  private update(c: number): (value: Cell, rowid: number) => void {
    let set = this.updates.get(c);
    if (!set) {
      set = cellUpdater(this.t.db, this.t.tableName, c);
      this.updates.set(c, set);
    }
    return set;
  }

  /** Rows in rowid order, a chunk at a time: [rowid, ...values of cols]; `filter` keeps rows SQLite can rule out from ever reaching JS, which costs far more. */
  private scan(cols: readonly number[], filter?: RowFilter): Generator<Cell[][]> {
    return rowPages(this.t.db, this.t.tableName, chunkRows, { columns: cols, ...(filter ? { filter } : {}) });
  }

  /**
   * The type the stored values fit now. SQLite keeps every JS number as REAL in an ANY column, so
   * whole numbers are told apart by value; a number column is never narrowed back to integer.
   */
  private retype(c: number, preferBoolean: boolean, f: ColumnFacts): ColumnType {
    const current = this.t.types[c];
    if (f.text > 0) return 'text';
    if (f.nums === 0) return current;
    if (f.fractional > 0) return 'number';
    if ((preferBoolean || current === 'boolean') && (f.lo ?? 0) >= 0 && (f.hi ?? 0) <= 1) return 'boolean';
    return current === 'number' ? 'number' : 'integer';
  }

  /** Dropped rows leave holes in rowid; the grid pages by rowid, so the table is rebuilt dense. */
  private compact(): void {
    compactRowTable(this.t.db, this.t.tableName, this.t.names.length);
  }
}

/** Runs a pass to the end at once (inside an import's last transaction). */
export function runToEnd<T>(gen: Generator<PassProgress, T>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}
