import { AssayError } from '../../../../preload/contract/errors';
import { checkColumns, emptyRuleSet, parseRuleSet, type QuarantinePage, type QuarantineRow, type RuleIssue, type RuleSet, type StoredRules } from '../../../../preload/contract/rules';
import { factsFromProfile, suggestRules } from '../../../../preload/contract/rules-suggest';
import type { Cell } from '../../../../preload/contract/types';
import { ColumnAccumulator } from '../../../../native-workers/ml/profile';
import { getDataset, loadProfile } from '../../../../native-workers/project/datasets';
import type { Db } from '../../../../native-workers/project/open';

const maxQuarantinePage = 500;
const suggestSampleRows = 5000;

export function getRules(db: Db, datasetId: number): StoredRules {
  getDataset(db, datasetId);
  const row = db.prepare('SELECT version, rules, created_at FROM dataset_rules WHERE dataset_id = ? ORDER BY version DESC LIMIT 1').get(datasetId) as
    | { version: number; rules: string; created_at: string }
    | undefined;
  return row
    ? { datasetId, version: row.version, rules: JSON.parse(row.rules) as RuleSet, savedAt: row.created_at }
    : { datasetId, version: null, rules: emptyRuleSet, savedAt: null };
}

/** Saves a new version of a dataset's rules (earlier versions stay, for lineage). */
export function saveRules(db: Db, datasetId: number, rules: unknown): StoredRules {
  const ds = getDataset(db, datasetId);
  const clean = parseRuleSet(rules, ds.columns.map((c) => c.name));
  insertRulesVersion(db, datasetId, clean);
  return getRules(db, datasetId);
}

/** Also used at import, for a dataset that is not visible yet. */
export function insertRulesVersion(db: Db, datasetId: number, rules: RuleSet): number {
  return db.transaction(() => {
    const { v } = db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM dataset_rules WHERE dataset_id = ?').get(datasetId) as { v: number };
    db.prepare('INSERT INTO dataset_rules (dataset_id, version, rules, created_at) VALUES (?, ?, ?, ?)').run(datasetId, v, JSON.stringify(rules), new Date().toISOString());
    return v;
  }).immediate();
}

/**
 * Suggestions from the stored profile when there is one (every row), else from a profile of the
 * first rows; pattern detection always looks at sample values of the first rows.
 */
export function suggestForDataset(db: Db, datasetId: number): RuleSet {
  const ds = getDataset(db, datasetId);
  const table = `ds_${datasetId}`;
  const rows = db.prepare(`SELECT * FROM ${table} ORDER BY rowid LIMIT ?`).raw(true).all(suggestSampleRows) as Cell[][];
  const samples = ds.columns.map((_, i) =>
    rows
      .map((r) => r[i])
      .filter((v): v is string | number => v !== null)
      .slice(0, 200)
      .map(String),
  );
  const stored = loadProfile(db, datasetId);
  const profile =
    stored?.columns ??
    ds.columns.map((c, i) => {
      const acc = new ColumnAccumulator(c.name, c.type);
      for (const r of rows) acc.push(r[i]);
      return acc.result();
    });
  const suggested = suggestRules(factsFromProfile(profile, samples));
  checkColumns(suggested, ds.columns.map((c) => c.name));
  return suggested;
}

interface QuarantineDbRow {
  id: number;
  line: number;
  raw: string;
  reason: string;
  issues: string | null;
  fields: string | null;
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
    fields: r.fields === null ? null : (JSON.parse(r.fields) as string[]),
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
