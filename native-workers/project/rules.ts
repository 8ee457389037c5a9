import { emptyRuleSet, parseRuleSet, type RuleSet, type StoredRules } from '../../preload/contract/rules';
import { getDataset } from './datasets';
import type { Db } from './open';

/** A dataset's latest saved rules, or the empty set (version null) when none were saved. */
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

/** Saves a new version of a dataset's rules and returns its number; also used at import, for a dataset that is not visible yet. */
export function insertRulesVersion(db: Db, datasetId: number, rules: RuleSet): number {
  return db.transaction(() => {
    const { v } = db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM dataset_rules WHERE dataset_id = ?').get(datasetId) as { v: number };
    db.prepare('INSERT INTO dataset_rules (dataset_id, version, rules, created_at) VALUES (?, ?, ?, ?)').run(datasetId, v, JSON.stringify(rules), new Date().toISOString());
    return v;
  }).immediate();
}
