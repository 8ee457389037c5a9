import type { WindowEnrichment } from '../../../../preload/contract/sensors';
import type { Value } from '../protocols';

/**
 * A stored dataset as a lookup by one column: enrichment adds its other
 * columns to each event whose `on` field matches. Keys match as text, so a
 * sensor id read as 7 from JSON finds the dataset's "7". The first row of a
 * repeated key wins (a dimension table has one row per key).
 */
export class Enricher {
  private readonly byKey = new Map<string, readonly Value[]>();
  readonly columns: readonly string[];
  private readonly take: readonly number[];

  constructor(
    readonly spec: WindowEnrichment,
    datasetColumns: readonly string[],
    rows: Iterable<readonly Value[]>,
  ) {
    const keyIndex = datasetColumns.indexOf(spec.key);
    if (keyIndex < 0) throw new Error(`Enrichment: the dataset has no column "${spec.key}"; its columns are ${datasetColumns.join(', ')}.`);
    const wanted = spec.columns ?? datasetColumns.filter((c) => c !== spec.key);
    const missing = wanted.filter((c) => !datasetColumns.includes(c));
    if (missing.length > 0) throw new Error(`Enrichment: the dataset has no column ${missing.map((c) => `"${c}"`).join(', ')}.`);
    this.columns = wanted;
    this.take = wanted.map((c) => datasetColumns.indexOf(c));
    for (const row of rows) {
      const k = row[keyIndex];
      if (k === null) continue;
      const s = String(k);
      if (!this.byKey.has(s)) this.byKey.set(s, this.take.map((i) => row[i] ?? null));
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The dataset's values for this event's key, aligned with columns; null when the key is not there. */
  lookup(key: Value | undefined): readonly Value[] | null {
    if (key === null || key === undefined) return null;
    return this.byKey.get(String(key)) ?? null;
  }
}
