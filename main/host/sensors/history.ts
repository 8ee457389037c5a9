import type { StreamHistory } from '../../../preload/contract/sensors';
import { Pipeline } from '../../../native-workers/ml/stream/pipeline';
import type { Value } from '../../../native-workers/ml/stream/protocols';
import type { Db } from '../../../native-workers/project/open';
import { countReadingsBetween, readingsBetween, storedReadingStats, tableExists, type StreamRow } from '../../../native-workers/project/streams';

export const defaultHistoryPoints = 2000;

/** The stream's stored transforms only: validation and analytics belong to the live view. */
export function transformsOf(stream: StreamRow): Pipeline {
  return new Pipeline({ validation: [], transforms: stream.pipeline.transforms, analytics: [] }, stream.fields);
}

interface Bucket {
  tFirst: number;
  tLast: number;
  n: number;
  /** Per field: [min, tMin, max, tMax]. */
  ext: [number, number, number, number][];
}

/**
 * Stored readings of a time range (host time, ms), transforms applied. Over
 * maxPoints it keeps the min and max of each field per equal-time bucket
 * (two points per bucket), computed while the rows stream by, so memory stays
 * O(maxPoints) whatever the range holds.
 */
export function readHistory(db: Db, stream: StreamRow, req: { from?: number; to?: number; maxPoints?: number }): StreamHistory {
  const maxPoints = Math.max(2, Math.floor(req.maxPoints ?? defaultHistoryPoints));
  const pipeline = transformsOf(stream);
  const names = pipeline.outputFields();
  const empty = (from: number, to: number): StreamHistory => ({
    streamId: stream.id,
    t: [],
    series: Object.fromEntries(names.map((n) => [n, []])),
    from,
    to,
    decimated: false,
  });
  if (!tableExists(db, stream.tableName)) return empty(req.from ?? 0, req.to ?? 0);
  const stored = storedReadingStats(db, stream);
  if (stored === null) return empty(req.from ?? 0, req.to ?? 0);
  const bounds = stored;
  const from = req.from ?? bounds.from;
  const to = req.to ?? bounds.to;
  const n = countReadingsBetween(db, stream, from, to);
  const rows = readingsBetween(db, stream, from, to);
  const raw: Record<string, Value> = {};
  const valuesOf = (row: Value[]): Readonly<Record<string, number | null>> => {
    stream.fields.forEach((f, i) => {
      raw[f.name] = row[i + 1] ?? null;
    });
    return pipeline.process(row[0] as number, raw).values;
  };

  const t: number[] = [];
  const series: Record<string, (number | null)[]> = Object.fromEntries(names.map((k) => [k, []]));
  if (n <= maxPoints) {
    for (const row of rows) {
      const v = valuesOf(row);
      t.push(row[0] as number);
      for (const k of names) series[k].push(v[k] ?? null);
    }
    return { streamId: stream.id, t, series, from, to, decimated: false, stored };
  }

  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const span = Math.max(to - from, 1e-9);
  const table2: (Bucket | undefined)[] = new Array(buckets);
  for (const row of rows) {
    const time = row[0] as number;
    const v = valuesOf(row);
    const b = Math.min(buckets - 1, Math.floor(((time - from) / span) * buckets));
    let bucket = table2[b];
    if (!bucket) {
      bucket = { tFirst: time, tLast: time, n: 0, ext: names.map(() => [Infinity, time, -Infinity, time]) };
      table2[b] = bucket;
    }
    bucket.tLast = time;
    bucket.n++;
    names.forEach((k, i) => {
      const y = v[k];
      if (y === null || y === undefined || !Number.isFinite(y)) return;
      const e = bucket.ext[i];
      if (y < e[0]) {
        e[0] = y;
        e[1] = time;
      }
      if (y > e[2]) {
        e[2] = y;
        e[3] = time;
      }
    });
  }
  for (const bucket of table2) {
    if (!bucket) continue;
    const two = bucket.n > 1;
    t.push(bucket.tFirst);
    if (two) t.push(bucket.tLast);
    names.forEach((k, i) => {
      const [min, tMin, max, tMax] = bucket.ext[i];
      if (min === Infinity) {
        series[k].push(null);
        if (two) series[k].push(null);
      } else if (!two) {
        series[k].push(min);
      } else if (tMin <= tMax) {
        series[k].push(min, max);
      } else {
        series[k].push(max, min);
      }
    });
  }
  return { streamId: stream.id, t, series, from, to, decimated: true, stored };
}
