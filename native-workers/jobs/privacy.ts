import { AssayError } from '../../preload/contract/errors';
import type { PrivacyResult } from '../../preload/contract/governance';
import type { PrivacyJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';
import { datasetColumns, dropProfile, requireReadyDataset, setColumnType } from '../project/datasets';
import { addLineage } from '../project/lineage';
import { connect } from '../project/open';
import { clearStaleBytes, dropColumns, rewriteColumns, secureDelete } from '../project/privacy';
import { keyFingerprint, mask, pseudonymise } from '../ingest/privacy/transform';

/**
 * Applies the privacy actions to a whole dataset in one transaction: pseudonymised and
 * masked columns are rewritten by SQL functions in one UPDATE, dropped columns by rebuilding
 * the table. The stored profile goes too (its top values would still show the raw data), and
 * a lineage event says what was done and with which key (by fingerprint, never the key).
 */
export async function runPrivacy(spec: PrivacyJobSpec, ctx: JobContext): Promise<PrivacyResult> {
  const db = connect(spec.projectPath, false);
  // Rewritten and dropped values must not survive in freed pages of the file.
  secureDelete(db);
  try {
    const ds = requireReadyDataset(db, spec.datasetId);
    const columns = datasetColumns(db, spec.datasetId).map((c) => c.name);
    const position = (name: string): number => {
      const i = columns.indexOf(name);
      if (i < 0) throw new AssayError('BAD_INPUT', `Dataset "${ds.name}" has no column "${name}"; its columns are ${columns.join(', ')}.`);
      return i;
    };
    const seen = new Set<string>();
    for (const a of spec.actions) {
      position(a.column);
      if (seen.has(a.column)) throw new AssayError('BAD_INPUT', `Column "${a.column}" has more than one privacy action; pick one.`);
      seen.add(a.column);
    }
    const key = spec.keyBase64 ? Buffer.from(spec.keyBase64, 'base64') : null;
    if (spec.actions.some((a) => a.action === 'pseudonymise') && !key) throw new AssayError('BAD_INPUT', 'Pseudonymisation needs a key; none was given.');
    if (spec.actions.filter((a) => a.action === 'drop').length >= columns.length) {
      throw new AssayError('BAD_INPUT', `Dropping every column of "${ds.name}" would leave nothing; delete the dataset instead.`);
    }
    ctx.progress({ kind: 'privacy', value: 0, title: `Privacy: ${ds.name}`, detail: `${spec.actions.length} column(s)` }, true);
    ctx.checkCancelled();
    const rewrite = spec.actions.filter((a) => a.action !== 'drop');
    const dropped = spec.actions.filter((a) => a.action === 'drop').map((a) => a.column);
    let cellsChanged = 0;
    db.transaction(() => {
      if (rewrite.length > 0) {
        cellsChanged = rewriteColumns(
          db,
          ds,
          rewrite.map((a) => {
            const keepLast = Math.max(0, Math.floor(a.keepLast ?? 4));
            return { position: position(a.column), rewrite: a.action === 'pseudonymise' ? (v) => (key ? pseudonymise(key, v) : null) : (v) => mask(v, keepLast) };
          }),
        );
        for (const a of rewrite) setColumnType(db, spec.datasetId, position(a.column), 'text');
      }
      if (dropped.length > 0) {
        // Read now: the rewritten columns just became text.
        const types = datasetColumns(db, spec.datasetId).map((c) => c.type);
        const keep = columns.map((name, i) => ({ position: i, name, type: types[i] })).filter((c) => !dropped.includes(c.name));
        dropColumns(db, ds, keep);
      }
      dropProfile(db, spec.datasetId);
      addLineage(db, spec.datasetId, 'privacy', {
        actions: spec.actions,
        method: rewrite.some((a) => a.action === 'pseudonymise') ? 'HMAC-SHA256, first 128 bits as hex' : null,
        key: key && spec.key ? { store: spec.key.store, location: spec.key.location, fingerprint: keyFingerprint(key) } : null,
        rows: ds.rowCount,
        cellsChanged,
        columnsDropped: dropped,
        appVersion: spec.appVersion,
      });
    }).immediate();
    clearStaleBytes(db, () => ctx.progress({ kind: 'privacy', value: 0.9, title: `Privacy: ${ds.name}`, detail: 'rebuilding the file so no old value lingers (VACUUM)' }, true));
    ctx.progress({ kind: 'privacy', value: 1, title: `Privacy: ${ds.name}`, detail: `${cellsChanged.toLocaleString('en-US')} values rewritten` }, true);
    return { datasetId: spec.datasetId, rows: ds.rowCount, cellsChanged, columnsDropped: dropped, keyFingerprint: key ? keyFingerprint(key) : null };
  } finally {
    db.close();
  }
}
