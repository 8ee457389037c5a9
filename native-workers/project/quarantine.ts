/**
 * A dataset's quarantine (the records imports and validation reject, with their reasons, issues
 * and fields): writing it, paging and fixing it by hand, re-validating and promoting its rows, and
 * moving a staging dataset's records to the dataset it merges into.
 */
import { AssayError } from '../../preload/contract/errors';
import type { QuarantinePage, QuarantineRow, RuleIssue } from '../../preload/contract/rules';
import { getDataset } from './datasets';
import type { Db } from './open';

const maxQuarantinePage = 500;

interface QuarantineDbRow {
  id: number;
  line: number;
  raw: string;
  reason: string;
  issues: string | null;
  fields: string | null;
}

/** A record's stored fields (JSON text), or null when it could not be split into fields. */
function parseFields(text: string | null): string[] | null {
  return text === null ? null : (JSON.parse(text) as string[]);
}

function toRow(r: QuarantineDbRow): QuarantineRow {
  // Rows quarantined before issues were stored have only their reason.
  const issues: RuleIssue[] = r.issues === null ? [{ rule: 'parse', column: null, message: r.reason }] : (JSON.parse(r.issues) as RuleIssue[]);
  return {
    id: r.id,
    line: r.line,
    raw: r.raw,
    reason: r.reason,
    issues,
    fields: parseFields(r.fields),
    status: r.issues === '[]' ? 'accepted' : 'failing',
  };
}

const ruleOfIssues = `EXISTS (SELECT 1 FROM json_each(q.issues) j WHERE json_extract(j.value, '$.rule') = ?)`;

/** A page of a dataset's quarantine, optionally only rows that failed `rule`, with per-rule counts. */
export function listQuarantine(db: Db, datasetId: number, offset: number, limit: number, rule?: string | null): QuarantinePage {
  const ds = getDataset(db, datasetId);
  const safeLimit = Math.max(0, Math.min(maxQuarantinePage, Math.floor(limit)));
  const safeOffset = Math.max(0, Math.floor(offset));
  // Old rows (issues NULL) count under 'parse'.
  const filter = rule ? (rule === 'parse' ? `AND (q.issues IS NULL OR ${ruleOfIssues})` : `AND ${ruleOfIssues}`) : '';
  const args = rule ? [datasetId, rule] : [datasetId];
  const { n } = db.prepare(`SELECT count(*) AS n FROM quarantine q WHERE q.dataset_id = ? ${filter}`).get(...args) as { n: number };
  const rows = db
    .prepare(`SELECT q.id, q.line, q.raw, q.reason, q.issues, q.fields FROM quarantine q WHERE q.dataset_id = ? ${filter} ORDER BY q.id LIMIT ? OFFSET ?`)
    .all(...args, safeLimit, safeOffset) as QuarantineDbRow[];
  const counts = db
    .prepare(
      `SELECT rule, count(*) AS count FROM (
         SELECT DISTINCT q.id, json_extract(j.value, '$.rule') AS rule FROM quarantine q, json_each(q.issues) j WHERE q.dataset_id = ?
         UNION ALL SELECT q.id, 'parse' FROM quarantine q WHERE q.dataset_id = ? AND q.issues IS NULL
       ) GROUP BY rule ORDER BY count DESC, rule`,
    )
    .all(datasetId, datasetId) as { rule: string; count: number }[];
  const { accepted } = db.prepare(`SELECT count(*) AS accepted FROM quarantine WHERE dataset_id = ? AND issues = '[]'`).get(datasetId) as { accepted: number };
  return { datasetId, columns: ds.columns.map((c) => c.name), offset: safeOffset, total: n, rows: rows.map(toRow), ruleCounts: counts, accepted };
}

/** Replaces a quarantined record's values (fixed by hand); it stays failing until re-validated. */
export function fixQuarantineRow(db: Db, datasetId: number, id: number, fields: unknown): QuarantineRow {
  const ds = getDataset(db, datasetId);
  const width = ds.columns.length;
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) throw new AssayError('BAD_INPUT', 'fields must be a list of texts, one per column.');
  if (fields.length !== width) throw new AssayError('BAD_INPUT', `Quarantined row ${id}: give ${width} values (one per column of ${ds.name}), not ${fields.length}.`);
  const row = db.prepare('SELECT id, line, raw, reason, issues, fields FROM quarantine WHERE id = ? AND dataset_id = ?').get(id, datasetId) as QuarantineDbRow | undefined;
  if (!row) throw new AssayError('NOT_FOUND', `Quarantined row ${id} is not in dataset ${ds.name} (it may have been promoted already).`);
  // An accepted row that is edited must be checked again before it can be promoted.
  const issues = row.issues === '[]' ? JSON.stringify([{ rule: 'edited', column: null, message: 'edited since the last re-validation' }]) : row.issues;
  db.prepare('UPDATE quarantine SET fields = ?, issues = ? WHERE id = ?').run(JSON.stringify(fields), issues, id);
  return toRow({ ...row, fields: JSON.stringify(fields), issues });
}

/** One rejected record, a quarantine row's columns after dataset_id: line, raw, reason, issues (JSON) and fields (JSON, null when the record could not be split). */
export type QuarantineEntry = readonly [line: number, raw: string, reason: string, issues: string, fields: string | null];

/** Adds records to a dataset's quarantine (imports, validation), the insert prepared once: `(entry) => void`. */
export function quarantineWriter(db: Db, datasetId: number): (entry: QuarantineEntry) => void {
  const keep = db.prepare('INSERT INTO quarantine (dataset_id, line, raw, reason, issues, fields) VALUES (?, ?, ?, ?, ?, ?)');
  return (entry) => {
    keep.run(datasetId, ...entry);
  };
}

/** A dataset's quarantined records with their (possibly fixed) fields, oldest first; fields null when the record could not be split. */
export function quarantinedFields(db: Db, datasetId: number): { id: number; fields: string[] | null }[] {
  const rows = db.prepare('SELECT id, fields FROM quarantine WHERE dataset_id = ? ORDER BY id').all(datasetId) as { id: number; fields: string | null }[];
  return rows.map((r) => ({ id: r.id, fields: parseFields(r.fields) }));
}

/** Records a re-validation's verdict on quarantined rows, the update prepared once: `(id, issues, reason) => void`. */
export function quarantineVerdictWriter(db: Db): (id: number, issues: readonly RuleIssue[], reason: string) => void {
  const update = db.prepare('UPDATE quarantine SET issues = ?, reason = ? WHERE id = ?');
  return (id, issues, reason) => {
    update.run(JSON.stringify(issues), reason, id);
  };
}

/** One quarantined row's fields as they are now (read inside the promoting transaction, so a fix made meanwhile is what gets promoted). */
export function quarantineFieldsReader(db: Db): (id: number) => string[] {
  const select = db.prepare('SELECT fields FROM quarantine WHERE id = ?');
  return (id) => JSON.parse((select.get(id) as { fields: string }).fields) as string[];
}

/** Takes rows out of quarantine once promoted, the delete prepared once: `(id) => void`. */
export function quarantineRemover(db: Db): (id: number) => void {
  const remove = db.prepare('DELETE FROM quarantine WHERE id = ?');
  return (id) => {
    remove.run(id);
  };
}

/** The record numbers a dataset's import sent to quarantine, in order. */
export function quarantinedLines(db: Db, datasetId: number): number[] {
  return (db.prepare('SELECT line FROM quarantine WHERE dataset_id = ? ORDER BY line').raw(true).all(datasetId) as number[][]).map((r) => r[0]);
}

/** Hands a staging dataset's quarantined records to the dataset it merges into; returns how many moved. */
export function moveQuarantine(db: Db, fromId: number, toId: number): number {
  return db.prepare('UPDATE quarantine SET dataset_id = ? WHERE dataset_id = ?').run(toId, fromId).changes;
}
