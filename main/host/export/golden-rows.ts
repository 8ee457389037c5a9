import type { InputColumn } from '../../../preload/contract/registry';
import { validateRows, type RequestSchema } from '../../../native-workers/ml/tabular/predict-request';
import { readRows } from '../../../native-workers/project/datasets';
import type { Db } from '../../../native-workers/project/open';

export const goldenRowCount = 24;

/** Up to `n` rows spread evenly over a dataset, cut to the input columns; none when the dataset is gone. */
export function datasetRows(db: Db, datasetId: number, schema: readonly InputColumn[], n: number): Record<string, string | number | null>[] {
  const out: Record<string, string | number | null>[] = [];
  try {
    const total = readRows(db, datasetId, 0, 1).total;
    const step = Math.max(1, Math.floor(total / n));
    for (let i = 0; i < Math.min(n, total); i++) {
      const page = readRows(db, datasetId, i * step, 1);
      const row = page.rows[0];
      if (!row) break;
      const rec: Record<string, string | number | null> = {};
      page.columns.forEach((c, j) => {
        const v = row[j];
        if (schema.some((s) => s.name === c.name)) rec[c.name] = typeof v === 'string' || typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;
      });
      out.push(rec);
    }
  } catch {
    // The training dataset was deleted.
  }
  return out;
}

/**
 * Golden input rows for a bundle: rows spread evenly over the training
 * dataset, cut to the model's input columns. When the dataset is gone,
 * rows synthesised from the input schema (numbers, categories, dates and missing values).
 */
export function pickGoldenRows(db: Db, datasetId: number, schema: readonly InputColumn[], n = goldenRowCount): Record<string, unknown>[] {
  const rows = datasetRows(db, datasetId, schema, n);
  if (rows.length) return rows;
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(schema.map((c, j) => [c.name, (i + j) % 7 === 0 ? null : c.kind === 'numeric' ? (i - n / 2) * 0.5 : c.kind === 'date' ? syntheticDate(i) : `value${i % 3}`])),
  );
}

/**
 * The example request of a model: a real row of its training dataset that the
 * model takes without a problem or warning, complete if one is. Null when the
 * dataset is gone (a made-up row would teach a wrong request).
 */
export function pickExampleRow(db: Db, datasetId: number, schema: RequestSchema): Record<string, string | number | null> | null {
  const clean = datasetRows(db, datasetId, schema.inputColumns, goldenRowCount).filter((r) => {
    const checked = validateRows(r, schema);
    return checked.ok && checked.warnings.length === 0;
  });
  return clean.find((r) => Object.values(r).every((v) => v !== null)) ?? clean[0] ?? null;
}

/** Day i from 2024-01-01 on (spanning weekdays, weekends and months), as ISO text like a stored date. */
function syntheticDate(i: number): string {
  return new Date(Date.UTC(2024, 0, 1 + i * 5)).toISOString().slice(0, 10);
}
