import type { ColumnType } from '../../../preload/contract/types';
import { columnNames, inferType } from '../../ml/infer';
import type { DatasetWriter, DirectCellSink, SourceValue } from '../writer';

export type Record_ = readonly SourceValue[];
export type RawOf = (record: Record_, index: number) => string;
export type BrokenOf = (record: Record_, index: number) => string | null;

/**
 * Where every format reader hands its records: the dataset writer during an import, or a
 * preview that keeps the first rows as text. Readers stop early once `full` is true.
 */
export interface RecordSink {
  /** Column names, once, before any rows. */
  columns(names: readonly string[]): void;
  rows(records: readonly Record_[], rawOf: RawOf, brokenReason?: BrokenOf): void;
  /** A record that could not even be parsed: kept with its reason. */
  reject(raw: string, reason: string): void;
  readonly full: boolean;
  /**
   * Where a reader that converts bytes itself may write values straight into the dataset
   * (DatasetWriter.direct), once the writer has begun and takes them; else null. Asked once per
   * read chunk: it also checks for a cancel, as rows() does.
   */
  directRows?(): DirectCellSink | null;
  /** True once the writer has begun (the first rows gave the types): from then on `directRows()` says how it takes values. */
  readonly started?: boolean;
}

const defaultSampleRows = 5000;

/** Starting type of a column from a sample: strings are inferred as text is; typed values give their own type. */
export function sampleType(values: readonly SourceValue[]): ColumnType {
  const strings: string[] = [];
  let kind: ColumnType | null = null;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') {
      strings.push(v);
      continue;
    }
    const t: ColumnType =
      typeof v === 'boolean' ? 'boolean' : typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)) ? 'integer' : typeof v === 'number' ? 'number' : 'text';
    kind = kind === null || kind === t ? t : kind === 'text' || t === 'text' || kind === 'boolean' || t === 'boolean' ? 'text' : 'number';
  }
  if (kind === null) return inferType(strings);
  if (strings.length === 0) return kind;
  return 'text';
}

type Pending = { kind: 'rows'; records: readonly Record_[]; rawOf: RawOf; broken?: BrokenOf } | { kind: 'reject'; raw: string; reason: string };

/** Feeds the dataset writer; holds the first rows back until the column types are inferred from them. */
export class WriterSink implements RecordSink {
  private names: string[] | null = null;
  private pending: Pending[] = [];
  private pendingRows = 0;

  constructor(
    private readonly writer: DatasetWriter,
    private readonly checkCancelled: () => void,
    /** Rows held back to infer the types from (fewer in tests, to reach the rows after them in a small file). */
    private readonly sampleRows = defaultSampleRows,
  ) {}

  get full(): boolean {
    return false;
  }

  get started(): boolean {
    return this.writer.started;
  }

  columns(names: readonly string[]): void {
    this.names = columnNames(names);
  }

  rows(records: readonly Record_[], rawOf: RawOf, brokenReason?: BrokenOf): void {
    this.checkCancelled();
    if (this.writer.started) {
      this.writer.writeBatch(records, rawOf, brokenReason);
      return;
    }
    this.pending.push({ kind: 'rows', records, rawOf, broken: brokenReason });
    this.pendingRows += records.length;
    if (this.pendingRows >= this.sampleRows) this.flush();
  }

  directRows(): DirectCellSink | null {
    this.checkCancelled();
    return this.writer.started ? this.writer.direct() : null;
  }

  reject(raw: string, reason: string): void {
    if (this.writer.started) this.writer.reject(raw, reason);
    else this.pending.push({ kind: 'reject', raw, reason });
  }

  /** Starts the table (if any columns were seen) and writes what was held back. */
  flush(): void {
    if (!this.writer.started) {
      if (!this.names) {
        if (this.pending.length > 0) throw new Error('records before column names');
        return;
      }
      const names = this.names;
      const sample: Record_[] = [];
      for (const p of this.pending) if (p.kind === 'rows') for (const r of p.records) if (r.length === names.length && sample.length < this.sampleRows) sample.push(r);
      // Text sources get the full inference (dates, categories, ids); typed ones keep their types.
      const text = sample.every((r) => r.every((v) => v === null || v === undefined || typeof v === 'string'));
      if (text) this.writer.beginInferred(names, sample.map((r) => r.map(cellText)));
      else
        this.writer.begin(
          names,
          names.map((_, i) => sampleType(sample.map((r) => r[i]))),
        );
    }
    for (const p of this.pending) {
      if (p.kind === 'rows') this.writer.writeBatch(p.records, p.rawOf, p.broken);
      else this.writer.reject(p.raw, p.reason);
    }
    this.pending = [];
    this.pendingRows = 0;
  }
}

export function cellText(v: SourceValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  return String(v);
}

/** A previewed record the import would quarantine: its index in `kept`, and why. */
export interface PreviewProblem {
  readonly row: number;
  readonly message: string;
}

/**
 * Keeps the first rows as text for the import wizard's preview, and the records among them
 * the import would quarantine (a broken quote, the wrong number of fields) with the reason
 * the writer would give, so the preview shows them instead of a blank row.
 */
export class PreviewSink implements RecordSink {
  names: string[] = [];
  readonly kept: string[][] = [];
  /** Physical lines of each kept record (a quoted field may hold line breaks), to number lines. */
  readonly lineCounts: number[] = [];
  readonly problems: PreviewProblem[] = [];
  rejected = 0;

  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.kept.length >= this.limit;
  }

  columns(names: readonly string[]): void {
    this.names = columnNames(names);
  }

  rows(records: readonly Record_[], rawOf: RawOf, brokenReason?: BrokenOf): void {
    records.forEach((r, k) => {
      if (this.full) return;
      const raw = rawOf(r, k);
      const broken = r.length !== this.names.length ? `expected ${this.names.length} fields, found ${r.length}` : (brokenReason?.(r, k) ?? null);
      if (broken) this.problems.push({ row: this.kept.length, message: broken });
      // A broken record's fields are placeholders: its text as read says more.
      this.kept.push(broken ? [raw] : r.map(cellText));
      this.lineCounts.push(raw.split('\n').length);
    });
  }

  reject(): void {
    this.rejected++;
  }
}
