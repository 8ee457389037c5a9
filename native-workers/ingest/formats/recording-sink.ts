import type { BrokenOf, RawOf, Record_, RecordSink } from './sink';

/** One `rows` call as a reader made it: the records with the raw text and reason each resolves to. */
export interface RecordedBatch {
  readonly records: readonly Record_[];
  readonly raws: readonly string[];
  /** null when the reader passed no reason function (a batch with nothing broken). */
  readonly reasons: readonly (string | null)[] | null;
}

/**
 * A RecordSink that keeps every call as the reader made it, for the format readers' tests: what
 * a reader hands its sink (batches, raw text, reasons, rejects) is its whole output. `limit`
 * makes it `full` after that many records, as a preview is.
 */
export class RecordingSink implements RecordSink {
  names: readonly string[] | null = null;
  readonly batches: RecordedBatch[] = [];
  readonly rejects: { raw: string; reason: string }[] = [];
  /** The calls in order: `rows N` or `reject`. */
  readonly calls: string[] = [];

  constructor(private readonly limit = Infinity) {}

  get full(): boolean {
    return this.records().length >= this.limit;
  }

  columns(names: readonly string[]): void {
    if (this.names) throw new Error('columns given twice');
    this.names = names;
  }

  rows(records: readonly Record_[], rawOf: RawOf, brokenReason?: BrokenOf): void {
    if (!this.names) throw new Error('rows before columns');
    this.calls.push(`rows ${records.length}`);
    this.batches.push({
      records: [...records],
      raws: records.map((r, k) => rawOf(r, k)),
      reasons: brokenReason ? records.map((r, k) => brokenReason(r, k)) : null,
    });
  }

  reject(raw: string, reason: string): void {
    this.calls.push('reject');
    this.rejects.push({ raw, reason });
  }

  /** Every record handed on, across batches (empty batches included as nothing). */
  records(): Record_[] {
    return this.batches.flatMap((b) => b.records);
  }
}
