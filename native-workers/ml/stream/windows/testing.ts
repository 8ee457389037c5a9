import type { WindowAggregation } from '../../../../preload/contract/sensors';
import type { Value } from '../protocols';
import { RecordWindows } from './record-windows';
import type { LateEvent, WindowResult } from './operator';

/** What a run emitted: every row (with revisions), the final row per window and key, and late events. For tests only. */
export interface Collected {
  readonly rows: WindowResult[];
  readonly final: WindowResult[];
  readonly late: LateEvent[];
  readonly windows: RecordWindows;
}

/** Runs records (arrival = event order index) through an aggregation, flushes, and collects. For tests only. */
export function runWindows(spec: WindowAggregation, records: readonly Readonly<Record<string, Value>>[]): Collected {
  const rows: WindowResult[] = [];
  const late: LateEvent[] = [];
  const windows = new RecordWindows(spec, { result: (r) => rows.push(r), late: (e) => late.push(e) });
  records.forEach((r, i) => windows.add(i, r));
  windows.operator.flush();
  return { rows, final: finalRows(rows), late, windows };
}

/** The last revision of each (start, key): what a results table holds after updates. Sorted by start, then key. */
export function finalRows(rows: readonly WindowResult[]): WindowResult[] {
  const byId = new Map<string, WindowResult>();
  for (const r of rows) {
    for (const start of r.replaces ?? []) byId.delete(`${start}|${JSON.stringify(r.key)}`);
    byId.set(`${r.start}|${JSON.stringify(r.key)}`, r);
  }
  return [...byId.values()].sort((a, b) => a.start - b.start || JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
}
