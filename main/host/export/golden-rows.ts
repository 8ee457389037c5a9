import type { InputColumn } from '../../../preload/contract/registry';
import { readRows } from '../../../native-workers/project/datasets';
import type { Db } from '../../../native-workers/project/open';

export const goldenRowCount = 24;

/**
 * Golden input rows for a bundle: rows spread evenly over the training
 * dataset, cut to the model's input columns. When the dataset is gone,
 * rows synthesised from the input schema (numbers, categories, dates and missing values).
 */
export function pickGoldenRows(db: Db, datasetId: number, schema: readonly InputColumn[], n = goldenRowCount): Record<string, unknown>[] {
  try {
    const first = readRows(db, datasetId, 0, 1);
    const total = first.total;
    if (total > 0) {
      const out: Record<string, unknown>[] = [];
      const step = Math.max(1, Math.floor(total / n));
      for (let i = 0; i < Math.min(n, total); i++) {
        const page = readRows(db, datasetId, i * step, 1);
        const row = page.rows[0];
        if (!row) break;
        const rec: Record<string, unknown> = {};
        page.columns.forEach((c, j) => {
          if (schema.some((s) => s.name === c.name)) rec[c.name] = row[j] ?? null;
        });
        out.push(rec);
      }
      if (out.length) return out;
    }
  } catch {
    // The training dataset was deleted: synthesise below.
  }
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(schema.map((c, j) => [c.name, (i + j) % 7 === 0 ? null : c.kind === 'numeric' ? (i - n / 2) * 0.5 : c.kind === 'date' ? syntheticDate(i) : `value${i % 3}`])),
  );
}

/** Day i from 2024-01-01 on (spanning weekdays, weekends and months), as ISO text like a stored date. */
function syntheticDate(i: number): string {
  return new Date(Date.UTC(2024, 0, 1 + i * 5)).toISOString().slice(0, 10);
}
