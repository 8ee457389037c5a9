import { describe, expect, it } from 'vitest';
import { PgBinaryRows } from './pg-binary';
import type { DirectRowSink, SourceValue } from '../writer';

/** `COPY … TO STDOUT (FORMAT binary)` bytes for rows of [oid, value] fields, as PostgreSQL writes them. */
function copyBytes(rows: readonly (readonly [number, SourceValue][])[]): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0])];
  const int = (n: number, bytes: number): Buffer => {
    const b = Buffer.alloc(bytes);
    if (bytes === 2) b.writeInt16BE(n);
    else b.writeInt32BE(n);
    return b;
  };
  for (const row of rows) {
    parts.push(int(row.length, 2));
    for (const [oid, v] of row) {
      let body: Buffer | null;
      if (v === null || v === undefined) body = null;
      else if (oid === 16) body = Buffer.from([v ? 1 : 0]);
      else if (oid === 23) body = int(Number(v), 4);
      else if (oid === 21) body = int(Number(v), 2);
      else if (oid === 26) {
        body = Buffer.alloc(4);
        body.writeUInt32BE(Number(v));
      }
      else if (oid === 20) {
        body = Buffer.alloc(8);
        body.writeBigInt64BE(BigInt(v as number | bigint));
      } else if (oid === 701) {
        body = Buffer.alloc(8);
        body.writeDoubleBE(Number(v));
      } else body = Buffer.from(String(v), 'utf8');
      parts.push(int(body === null ? -1 : body.length, 4));
      if (body) parts.push(body);
    }
  }
  parts.push(int(-1, 2));
  return Buffer.concat(parts);
}

/** A sink that records what it is handed, text as strings tagged so they differ from value() strings. */
function recorder(): { sink: DirectRowSink; rows: SourceValue[][] } {
  const rows: SourceValue[][] = [];
  let row: SourceValue[] = [];
  const sink: DirectRowSink = {
    value: (c, v) => void (row[c] = v),
    text: (c, src, start, end) => void (row[c] = `text:${src.toString('utf8', start, end)}`),
    number: (c, v) => void (row[c] = v),
    commitRow: () => {
      rows.push(row);
      row = [];
    },
  };
  return { sink, rows };
}

describe('binary COPY decoding', () => {
  const oids = [23, 20, 701, 16, 25, 1184, 21, 26];
  const rows: [number, SourceValue][][] = [
    [[23, 1], [20, 9007199254740991], [701, 0.5], [16, true], [25, 'ünï ✓'], [1184, '2024-03-01 12:00:00+00'], [21, 1], [26, 0]],
    [[23, -2147483648], [20, -(2n ** 63n)], [701, NaN], [16, false], [25, ''], [1184, null], [21, -32768], [26, 4294967295]],
    [[23, null], [20, null], [701, -1.5e300], [16, null], [25, null], [1184, '1999-12-31 23:59:59.5+00'], [21, null], [26, null]],
    [[23, 7], [20, -9007199254740991], [701, Infinity], [16, true], [25, 'NA'], [1184, '2000-01-01 00:00:00+00'], [21, 32767], [26, 2147483648]],
  ];
  const bytes = copyBytes(rows);

  it('pushInto hands the sink what push gives as rows (text as its bytes), whole rows only, at every chunking; the watermark is the last non-null one', () => {
    const asRows: SourceValue[][] = [];
    new PgBinaryRows(oids).push(bytes, asRows);
    const expected = asRows.map((r) => r.map((v, c) => (typeof v === 'string' && (c === 4 || c === 5) ? `text:${v}` : v)));
    expect(expected[1]![1]).toBe(-(2n ** 63n));
    expect(expected[0]![4]).toBe('text:ünï ✓');
    expect(expected.map((r) => [r[0], r[1], r[6], r[7]])).toEqual([
      [1, 9007199254740991, 1, 0],
      [-2147483648, -(2n ** 63n), -32768, 4294967295],
      [null, null, null, null],
      [7, -9007199254740991, 32767, 2147483648],
    ]);
    for (let size = 1; size <= 23; size++) {
      const decoder = new PgBinaryRows(oids);
      const { sink, rows: got } = recorder();
      for (let i = 0; i < bytes.length; i += size) decoder.pushInto(bytes.subarray(i, i + size), sink, 5);
      expect(got).toEqual(expected);
      expect(decoder.done).toBe(true);
      expect(decoder.rowsDecoded).toBe(4);
      expect(decoder.watermark).toBe('2000-01-01 00:00:00+00');
      // The same as ranges of one buffer (how CopyOut hands over the socket's chunks).
      const ranged = new PgBinaryRows(oids);
      const byRange = recorder();
      for (let i = 0; i < bytes.length; i += size) ranged.pushInto(bytes, byRange.sink, 5, i, Math.min(bytes.length, i + size));
      expect(byRange.rows).toEqual(expected);
      expect(ranged.watermark).toBe('2000-01-01 00:00:00+00');
    }
    // No watermark column: none kept.
    const plain = new PgBinaryRows(oids);
    plain.pushInto(bytes, recorder().sink, -1);
    expect(plain.watermark).toBeNull();
  });

  it('bad input: a row of the wrong width or a stream that is not binary COPY is refused by name', () => {
    expect(() => new PgBinaryRows([23, 20]).pushInto(bytes, recorder().sink, -1)).toThrow(/8 fields, expected 2/);
    expect(() => new PgBinaryRows(oids).pushInto(Buffer.from('id,name\n1,x\n2,y\n3,z\n'), recorder().sink, -1)).toThrow(/not in PostgreSQL binary format/);
  });
});
