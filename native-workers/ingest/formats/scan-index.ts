import { RecordFields, type ScanHandler, type ScannedRecord } from './csv-scan';

/**
 * The records of one scanned chunk as Int32s, for the scan thread to hand on (csv-scan-thread.ts):
 * a record is its field count n, then its n (start, end) pairs as ScannedRecord holds them; a broken
 * line is -(k + 1), start, end, where k is its reason's index in `whys`.
 * Replaying them gives a handler the calls the scanner would have made on the same bytes.
 */
export class ScanIndexWriter implements ScanHandler {
  ints: Int32Array = new Int32Array(0);
  at = 0;
  whys: string[] = [];
  /** Set when `ints` had to grow: the new buffer goes to the reader with the chunk. */
  grown = false;

  /** Starts a chunk, writing into `ints`. */
  reset(ints: Int32Array): void {
    this.ints = ints;
    this.at = 0;
    this.whys = [];
    this.grown = false;
  }

  record(r: ScannedRecord): void {
    const n = r.count;
    const ints = this.room(1 + 2 * n);
    let k = this.at;
    ints[k++] = n;
    // A loop, not set(subarray()): a view per record cost the scan thread more than the copy.
    const from = r.ints;
    for (let i = r.at, end = r.at + 2 * n; i < end; i++) ints[k++] = from[i]!;
    this.at = k;
  }

  broken(_buf: Buffer, start: number, end: number, why: string): void {
    const ints = this.room(3);
    let k = this.whys.indexOf(why);
    if (k === -1) k = this.whys.push(why) - 1;
    ints[this.at] = -k - 1;
    ints[this.at + 1] = start;
    ints[this.at + 2] = end;
    this.at += 3;
  }

  /** `ints`, grown (into a new shared buffer, twice the size or more) when `need` more would not fit. */
  private room(need: number): Int32Array {
    if (this.at + need <= this.ints.length) return this.ints;
    const grown = new Int32Array(new SharedArrayBuffer(4 * Math.max(2 * this.ints.length, this.at + need)));
    grown.set(this.ints.subarray(0, this.at));
    this.ints = grown;
    this.grown = true;
    return grown;
  }
}


/** Hands `on` the records and broken lines of `buf` that ints[0…length) holds. */
export class ScanIndexReader {
  /** The record handed on: a view of the index. */
  private readonly record: RecordFields;

  constructor(quote: string) {
    this.record = new RecordFields(quote);
  }

  replay(buf: Buffer, ints: Int32Array, length: number, whys: readonly string[], on: ScanHandler): void {
    let k = 0;
    while (k < length) {
      const head = ints[k]!;
      if (head < 0) {
        on.broken(buf, ints[k + 1]!, ints[k + 2]!, whys[-head - 1]!);
        k += 3;
        continue;
      }
      const r = this.record;
      r.buf = buf;
      r.ints = ints;
      r.at = k + 1;
      r.count = head;
      k += 1 + 2 * head;
      on.record(r);
    }
  }
}
