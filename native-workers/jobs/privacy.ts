import { AssayError } from '../../preload/contract/errors';
import type { PrivacyResult } from '../../preload/contract/governance';
import type { Cell } from '../../preload/contract/types';
import type { PrivacyJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';
import { openDatabase } from '../project/open';
import { keyFingerprint, mask, pseudonymise } from '../ingest/privacy/transform';

/**
 * Applies the privacy actions to a whole dataset in one transaction: pseudonymised and
 * masked columns are rewritten by SQL functions in one UPDATE, dropped columns by rebuilding
 * the table. The stored profile goes too (its top values would still show the raw data), and
 * a lineage event says what was done and with which key (by fingerprint, never the key).
 */
export async function runPrivacy(spec: PrivacyJobSpec, ctx: JobContext): Promise<PrivacyResult> {
  const db = openDatabase(spec.projectPath, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  // Rewritten and dropped values must not survive in freed pages of the file.
  db.pragma('secure_delete = ON');
  try {
    const ds = db.prepare("SELECT name, table_name, row_count FROM datasets WHERE id = ? AND status = 'ready'").get(spec.datasetId) as
      | { name: string; table_name: string; row_count: number }
      | undefined;
    if (!ds) throw new AssayError('NOT_FOUND', `Dataset ${spec.datasetId} does not exist in this project.`);
    const columns = (db.prepare('SELECT name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(spec.datasetId) as { name: string; type: string }[]).map(
      (c) => c.name,
    );
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
    db.function('assay_pseudonym', { deterministic: true }, (v: unknown) => (key ? pseudonymise(key, v as Cell) : null));
    db.function('assay_mask', { deterministic: true }, (v: unknown, n: unknown) => mask(v as Cell, Number(n)));

    ctx.progress({ kind: 'privacy', value: 0, title: `Privacy: ${ds.name}`, detail: `${spec.actions.length} column(s)` }, true);
    ctx.checkCancelled();
    const rewrite = spec.actions.filter((a) => a.action !== 'drop');
    const dropped = spec.actions.filter((a) => a.action === 'drop').map((a) => a.column);
    let cellsChanged = 0;
    db.transaction(() => {
      if (rewrite.length > 0) {
        const sets = rewrite.map((a) => {
          const c = `c${position(a.column)}`;
          return a.action === 'pseudonymise' ? `${c} = assay_pseudonym(${c})` : `${c} = assay_mask(${c}, ${Math.max(0, Math.floor(a.keepLast ?? 4))})`;
        });
        for (const a of rewrite) cellsChanged += (db.prepare(`SELECT count(c${position(a.column)}) AS n FROM ${ds.table_name}`).get() as { n: number }).n;
        db.prepare(`UPDATE ${ds.table_name} SET ${sets.join(', ')}`).run();
        const setText = db.prepare("UPDATE dataset_columns SET type = 'text' WHERE dataset_id = ? AND position = ?");
        for (const a of rewrite) setText.run(spec.datasetId, position(a.column));
      }
      if (dropped.length > 0) {
        const keep = columns.map((_, i) => i).filter((i) => !dropped.includes(columns[i]));
        const types = db.prepare('SELECT type FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(spec.datasetId) as { type: string }[];
        const tmp = `${ds.table_name}_rebuild`;
        db.exec(`CREATE TABLE ${tmp} (${keep.map((_, j) => `c${j} ANY`).join(', ')}) STRICT`);
        db.exec(`INSERT INTO ${tmp} (${keep.map((_, j) => `c${j}`).join(', ')}) SELECT ${keep.map((i) => `c${i}`).join(', ')} FROM ${ds.table_name} ORDER BY rowid`);
        db.exec(`DROP TABLE ${ds.table_name}`);
        db.exec(`ALTER TABLE ${tmp} RENAME TO ${ds.table_name}`);
        db.prepare('DELETE FROM dataset_columns WHERE dataset_id = ?').run(spec.datasetId);
        const add = db.prepare('INSERT INTO dataset_columns (dataset_id, position, name, type) VALUES (?, ?, ?, ?)');
        keep.forEach((i, j) => add.run(spec.datasetId, j, columns[i], types[i].type));
      }
      db.prepare('DELETE FROM profiles WHERE dataset_id = ?').run(spec.datasetId);
      db.prepare('INSERT INTO lineage (dataset_id, event, detail, at) VALUES (?, ?, ?, ?)').run(
        spec.datasetId,
        'privacy',
        JSON.stringify({
          actions: spec.actions,
          method: rewrite.some((a) => a.action === 'pseudonymise') ? 'HMAC-SHA256, first 128 bits as hex' : null,
          key: key && spec.key ? { store: spec.key.store, location: spec.key.location, fingerprint: keyFingerprint(key) } : null,
          rows: ds.row_count,
          cellsChanged,
          columnsDropped: dropped,
          appVersion: spec.appVersion,
        }),
        new Date().toISOString(),
      );
    }).immediate();
    // Earlier deletes (a dropped append staging table, a replaced profile) may have left raw values
    // in free pages that secure_delete never saw: rebuild the file when there are any.
    if (Number(db.pragma('freelist_count', { simple: true })) > 0) {
      ctx.progress({ kind: 'privacy', value: 0.9, title: `Privacy: ${ds.name}`, detail: 'clearing free pages (VACUUM)' }, true);
      db.exec('VACUUM');
    }
    ctx.progress({ kind: 'privacy', value: 1, title: `Privacy: ${ds.name}`, detail: `${cellsChanged.toLocaleString('en-US')} values rewritten` }, true);
    return { datasetId: spec.datasetId, rows: ds.row_count, cellsChanged, columnsDropped: dropped, keyFingerprint: key ? keyFingerprint(key) : null };
  } finally {
    db.close();
  }
}
