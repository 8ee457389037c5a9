/**
 * Writing the `quarantine` table as imports do: the records they reject, kept with their reason,
 * and moving a staging dataset's records to the dataset it is merged into.
 */
import type { Db } from './open';

/** One rejected record: its record number, original text, reason, issues (JSON) and fields (JSON, or null). */
export type QuarantineEntry = readonly [line: number, raw: string, reason: string, issues: string, fields: string | null];

/** Keeps rejected records of a dataset (the INSERT prepared once; call it per record). */
export function quarantineWriter(db: Db, datasetId: number): (record: QuarantineEntry) => void {
  const insert = db.prepare('INSERT INTO quarantine (dataset_id, line, raw, reason, issues, fields) VALUES (?, ?, ?, ?, ?, ?)');
  return (record) => void insert.run(datasetId, ...record);
}

/** The record numbers a dataset's import sent to quarantine, in order. */
export function quarantinedLines(db: Db, datasetId: number): number[] {
  return (db.prepare('SELECT line FROM quarantine WHERE dataset_id = ? ORDER BY line').raw(true).all(datasetId) as number[][]).map((r) => r[0]);
}

/** Hands a staging dataset's quarantined records to the dataset it merges into; returns how many moved. */
export function moveQuarantine(db: Db, fromId: number, toId: number): number {
  return db.prepare('UPDATE quarantine SET dataset_id = ? WHERE dataset_id = ?').run(toId, fromId).changes;
}
