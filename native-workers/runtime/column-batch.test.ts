import { describe, expect, it } from 'vitest';
import type { Cell } from '../../preload/contract/types';
import { chunkRows, decodeChunk, encodeChunk } from '../project/columns/chunk-codec';
import { ColumnBatchEncoder, encodePart, transferables, type ColumnBatch } from './column-batch';

/** Column j of row i: each column exercises one way a chunk is filled. */
const columns: readonly ((i: number) => Cell)[] = [
  // numbers with nulls (int32)
  (i) => (i % 11 === 0 ? null : i),
  // categories with nulls and "" (a dictionary)
  (i) => (i % 13 === 0 ? null : ['north', 'south', '', 'ünïcødé ✓'][i % 4]!),
  // ids: mostly distinct, so the dictionary is given up after 4,096 values (ASCII UTF-8)
  (i) => (i % 17 === 0 ? null : `cust_${(i * 7919) % 1_000_003}`),
  // mostly distinct with non-ASCII text (UTF-8 compared as strings for min and max)
  (i) => `naïve-${i}-é${i % 3 === 0 ? '\u{1F600}' : ''}`,
  // numbers, then text from row 40,000 on (a column widened within the chunk: cells)
  (i) => (i < 40_000 ? i * 0.5 : `t${i}`),
  // nulls only, then text from row 100 on
  (i) => (i < 100 ? null : `late${i % 5}`),
  // two values: a one-byte dictionary
  (i) => (i % 2 === 0 ? 'x' : 'y'),
  // distinct ASCII until well after the dictionary is given up, then non-ASCII
  (i) => `id${i}${i % chunkRows >= 10_000 ? 'ü' : ''}`,
  // text first, then numbers among it (cells, whether numbers come through set or setNumber)
  (i) => (i % 3 === 0 ? `s${i % 7}` : i * 2),
];

function fill(enc: ColumnBatchEncoder, from: number, to: number, sink: ColumnBatch[]): void {
  for (let i = from; i < to; i++) {
    columns.forEach((col, j) => {
      const v = col(i);
      // Odd rows hand their numbers over as a decoding source does (setNumber), even rows through set.
      if (typeof v === 'number' && i % 2 === 1) enc.setNumber(j, v);
      else enc.set(j, v);
    });
    enc.commitRow();
    if (enc.full) sink.push(enc.take());
  }
}

/** What the writer thread stores for a batch, after structured cloning with its buffers transferred (as postMessage hands it over). */
function stored(batch: ColumnBatch): { encoding: string; bytes: Buffer; zone: unknown }[] {
  return (structuredClone(batch, { transfer: transferables(batch) }).parts ?? []).map((p) => {
    const e = encodePart(p);
    return { encoding: e.encoding, bytes: e.bytes, zone: e.zone };
  });
}

describe('ColumnBatchEncoder: column chunks filled on the import thread', () => {
  it('hands over chunks the writer encodes to the very bytes and zone maps encodeChunk makes of the same cells', () => {
    const enc = new ColumnBatchEncoder(columns.length);
    const batches: ColumnBatch[] = [];
    fill(enc, 0, chunkRows + 500, batches);
    batches.push(enc.take());
    expect(batches.map((b) => [b.chunk, b.rows])).toEqual([
      [0, chunkRows],
      [1, 500],
    ]);
    const kinds = batches[0]!.parts!.map((p) => p.kind);
    expect(kinds).toEqual(['numbers', 'dict', 'utf8', 'utf8', 'cells', 'dict', 'dict', 'utf8', 'cells']);
    for (const batch of batches) {
      const got = stored(batch);
      columns.forEach((col, j) => {
        const cells = Array.from({ length: batch.rows }, (_, i) => col(batch.chunk * chunkRows + i));
        const want = encodeChunk(cells);
        expect([j, got[j]!.encoding, got[j]!.zone]).toEqual([j, want.encoding, want.zone]);
        expect(Buffer.compare(got[j]!.bytes, want.bytes)).toBe(0);
      });
    }
  });

  it('hands over a partial chunk as a copy and goes on filling it (a drain), then the whole chunk replaces it', () => {
    const enc = new ColumnBatchEncoder(columns.length);
    const full: ColumnBatch[] = [];
    fill(enc, 0, 30_000, full);
    expect(enc.pendingRows).toBe(30_000);
    const partial = enc.take();
    expect([partial.chunk, partial.rows, enc.pendingRows]).toEqual([0, 30_000, 0]);
    const partialBytes = stored(partial).map((p) => p.bytes);
    fill(enc, 30_000, chunkRows, full);
    expect(full.map((b) => [b.chunk, b.rows])).toEqual([[0, chunkRows]]);
    const whole = stored(full[0]!);
    columns.forEach((col, j) => {
      const first = Array.from({ length: 30_000 }, (_, i) => col(i));
      expect(Buffer.compare(partialBytes[j]!, encodeChunk(first).bytes)).toBe(0);
      expect(Buffer.compare(whole[j]!.bytes, encodeChunk(Array.from({ length: chunkRows }, (_, i) => col(i))).bytes)).toBe(0);
    });
  });

  it('keeps bigints and blobs as text, sends quarantined rows on their own, and starts each chunk afresh', () => {
    const enc = new ColumnBatchEncoder(2);
    enc.set(0, 2n ** 62n);
    enc.set(1, Buffer.from('blob'));
    enc.commitRow();
    enc.keep([7, 'raw', 'why', '[]', null]);
    const q = enc.takeQuarantine();
    expect([q.parts, q.quarantine]).toEqual([null, [[7, 'raw', 'why', '[]', null]]]);
    expect(enc.pendingQuarantine).toBe(0);
    const batch = enc.take();
    expect(batch.quarantine).toEqual([]);
    expect(stored(batch).map((p) => decodeChunk(p.bytes).cells())).toEqual([[(2n ** 62n).toString()], ['blob']]);
  });

  it('text handed over as UTF-8 bytes (setBytes) is stored as the same strings through set: every chunk kind, a chunk and a half', () => {
    const viaSet = new ColumnBatchEncoder(columns.length);
    const viaBytes = new ColumnBatchEncoder(columns.length);
    const [a, b]: ColumnBatch[][] = [[], []];
    // The bytes sit inside a larger buffer, as a COPY message's fields do.
    const src = Buffer.alloc(256);
    for (let i = 0; i < chunkRows + 20_000; i++) {
      columns.forEach((col, j) => {
        const v = col(i);
        viaSet.set(j, v);
        if (typeof v !== 'string') viaBytes.set(j, v);
        else {
          const n = src.write(v, 7, 'utf8');
          viaBytes.setBytes(j, src, 7, 7 + n);
        }
      });
      viaSet.commitRow();
      viaBytes.commitRow();
      if (viaSet.full) a.push(viaSet.take());
      if (viaBytes.full) b.push(viaBytes.take());
    }
    a.push(viaSet.take());
    b.push(viaBytes.take());
    expect(b.map((x) => x.parts!.map((p) => p.kind))).toEqual(a.map((x) => x.parts!.map((p) => p.kind)));
    a.forEach((batch, k) => {
      const [want, got] = [stored(batch), stored(b[k]!)];
      want.forEach((w, j) => {
        expect([j, got[j]!.encoding, got[j]!.zone]).toEqual([j, w.encoding, w.zone]);
        expect(Buffer.compare(got[j]!.bytes, w.bytes)).toBe(0);
      });
    });
  });
});
