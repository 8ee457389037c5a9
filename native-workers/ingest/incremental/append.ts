import type Database from 'better-sqlite3';
import { AssayError } from '../../../preload/contract/errors';
import { describeDifference, type AppendSpec, type SchemaDifference } from '../../../preload/contract/lineage';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { convert, widen } from '../../ml/infer';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
}

/** The columns of a ready dataset, in order; a missing or unfinished dataset is an error. */
export function targetSchema(db: Database.Database, datasetId: number): { name: string; table: string; columns: ColumnDef[] } {
  const ds = db.prepare("SELECT name, table_name FROM datasets WHERE id = ? AND status = 'ready'").get(datasetId) as
    | { name: string; table_name: string }
    | undefined;
  if (!ds) throw new AssayError('NOT_FOUND', `Dataset ${datasetId} to append to does not exist (any more); pick another or import as a new dataset.`);
  const columns = db.prepare('SELECT name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(datasetId) as ColumnDef[];
  return { name: ds.name, table: ds.table_name, columns };
}

/**
 * How a file's columns differ from its dataset's. Names match case-insensitively; a file
 * type that the dataset's type already holds (integer into number, anything into text) is
 * no difference.
 */
export function compareSchemas(dataset: readonly ColumnDef[], file: readonly ColumnDef[]): SchemaDifference[] {
  const byName = new Map(dataset.map((c) => [c.name.toLowerCase(), c]));
  const inFile = new Set(file.map((c) => c.name.toLowerCase()));
  const out: SchemaDifference[] = [];
  for (const f of file) {
    const d = byName.get(f.name.toLowerCase());
    if (!d) out.push({ kind: 'new-column', column: f.name, type: f.type });
    else if (widen(d.type, f.type) !== d.type) out.push({ kind: 'type-changed', column: d.name, datasetType: d.type, fileType: f.type });
  }
  for (const d of dataset) if (!inFile.has(d.name.toLowerCase())) out.push({ kind: 'missing-column', column: d.name, type: d.type });
  return out;
}

/** Fails with every difference the spec does not allow, named, and what the user can do. */
export function assertAllowed(differences: readonly SchemaDifference[], spec: AppendSpec, datasetName: string, fileName: string): void {
  const refused = differences.filter((d) => (d.kind === 'type-changed' ? !spec.castTypes : !spec.addColumns));
  if (refused.length === 0) return;
  throw new AssayError(
    'SCHEMA_MISMATCH',
    `${fileName} does not fit dataset "${datasetName}": ${refused.map(describeDifference).join('; ')}. ` +
      'Nothing was appended. Allow adding columns / casting types, or import it as a new dataset.',
    JSON.stringify(refused),
  );
}

export interface MergeOutcome {
  readonly rowsAppended: number;
  readonly quarantinedAppended: number;
  readonly castToNull: number;
  readonly columnsAdded: readonly string[];
}

/**
 * Moves an import's rows from its staging dataset into the target, in one transaction with
 * everything else the append changes (new columns, quarantine rows, counts, lineage), then
 * removes the staging dataset. Until this commits the target is exactly as it was.
 */
export function mergeStaging(
  db: Database.Database,
  stagingId: number,
  targetId: number,
  staged: readonly ColumnDef[],
  spec: AppendSpec,
  fileName: string,
  lineage: (differences: readonly SchemaDifference[], outcome: MergeOutcome) => Readonly<Record<string, unknown>>,
): MergeOutcome {
  return db.transaction((): MergeOutcome => {
    // Checked again inside the transaction: the dataset may have changed since the import began.
    const target = targetSchema(db, targetId);
    const differences = compareSchemas(target.columns, staged);
    assertAllowed(differences, spec, target.name, fileName);
    const columns = [...target.columns];
    const columnsAdded: string[] = [];
    for (const d of differences) {
      if (d.kind !== 'new-column') continue;
      db.exec(`ALTER TABLE ${target.table} ADD COLUMN c${columns.length} ANY`);
      db.prepare('INSERT INTO dataset_columns (dataset_id, position, name, type) VALUES (?, ?, ?, ?)').run(targetId, columns.length, d.column, d.type);
      columns.push({ name: d.column, type: d.type as ColumnType });
      columnsAdded.push(d.column);
    }
    // For each target column: which staged column feeds it (or none → null), and whether to cast.
    const stagedIndex = new Map(staged.map((c, i) => [c.name.toLowerCase(), i]));
    const feeds = columns.map((c) => stagedIndex.get(c.name.toLowerCase()) ?? -1);
    const casts = columns.map((c, i) => feeds[i] >= 0 && widen(c.type, staged[feeds[i]].type) !== c.type);
    let castToNull = 0;
    let rowsAppended = 0;
    const cols = columns.map((_, i) => `c${i}`).join(', ');
    if (!casts.some(Boolean)) {
      const select = feeds.map((f) => (f >= 0 ? `c${f}` : 'NULL')).join(', ');
      rowsAppended = db.prepare(`INSERT INTO ${target.table} (${cols}) SELECT ${select} FROM ds_${stagingId} ORDER BY rowid`).run().changes;
    } else {
      const insert = db.prepare(`INSERT INTO ${target.table} (${cols}) VALUES (${columns.map(() => '?').join(', ')})`);
      const out: Cell[] = new Array<Cell>(columns.length);
      // Paged by rowid: one connection cannot insert while a cursor of it is open.
      const page = db.prepare(`SELECT rowid, * FROM ds_${stagingId} WHERE rowid > ? ORDER BY rowid LIMIT 10000`).raw(true);
      const rowsOf = function* (): Generator<Cell[]> {
        for (let after = 0; ; ) {
          const batch = page.all(after) as Cell[][];
          if (batch.length === 0) return;
          after = Number(batch[batch.length - 1][0]);
          for (const r of batch) yield r.slice(1);
        }
      };
      for (const row of rowsOf()) {
        for (let i = 0; i < columns.length; i++) {
          const v = feeds[i] >= 0 ? row[feeds[i]] : null;
          if (!casts[i] || v === null) out[i] = v;
          else {
            const c = columns[i].type === 'text' ? { value: String(v), widen: null } : convert(String(v), columns[i].type);
            if (c.widen === null) out[i] = c.value;
            else {
              out[i] = null;
              castToNull++;
            }
          }
        }
        insert.run(out);
        rowsAppended++;
      }
    }
    // Quarantined rows of the file join the dataset's quarantine, numbered after what it already holds.
    const quarantinedAppended = db.prepare('UPDATE quarantine SET dataset_id = ? WHERE dataset_id = ?').run(targetId, stagingId).changes;
    db.prepare('UPDATE datasets SET row_count = row_count + ?, quarantined_count = quarantined_count + ? WHERE id = ?').run(
      rowsAppended,
      quarantinedAppended,
      targetId,
    );
    const outcome: MergeOutcome = { rowsAppended, quarantinedAppended, castToNull, columnsAdded };
    db.prepare('INSERT INTO lineage (dataset_id, event, detail, at) VALUES (?, ?, ?, ?)').run(
      targetId,
      'append',
      JSON.stringify(lineage(differences, outcome)),
      new Date().toISOString(),
    );
    db.exec(`DROP TABLE IF EXISTS ds_${stagingId}`);
    // The worker's connection does not enforce foreign keys, so the staging rows go one by one.
    db.prepare('DELETE FROM dataset_columns WHERE dataset_id = ?').run(stagingId);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(stagingId);
    return outcome;
  }).immediate();
}
