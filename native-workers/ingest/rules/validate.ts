import Papa from 'papaparse';
import { AssayError } from '../../../preload/contract/errors';
import { parseRuleSet, type ValidateResult } from '../../../preload/contract/rules';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import { convert, widen } from '../../ml/infer';
import type { ValidateJobSpec } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { yieldToEvents } from '../../runtime/context';
import { openDatabase, type Db } from '../../project/open';
import { describeIssues, type RowIssue } from '../stages';
import { projectLookup } from './lookup';
import { RulesStage } from './stage';

const pageRows = 20_000;

interface DatasetMeta {
  readonly name: string;
  readonly table: string;
  readonly names: string[];
  readonly types: ColumnType[];
  readonly rowCount: number;
}

function datasetMeta(db: Db, datasetId: number): DatasetMeta {
  const ds = db.prepare("SELECT name, table_name, row_count FROM datasets WHERE id = ? AND status = 'ready'").get(datasetId) as
    | { name: string; table_name: string; row_count: number }
    | undefined;
  if (!ds) throw new AssayError('NOT_FOUND', `Dataset ${datasetId} does not exist in this project.`);
  const cols = db.prepare('SELECT name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position').all(datasetId) as { name: string; type: ColumnType }[];
  return { name: ds.name, table: ds.table_name, names: cols.map((c) => c.name), types: cols.map((c) => c.type), rowCount: ds.row_count };
}

function latestRules(db: Db, datasetId: number, datasetName: string): { version: number; stage: RulesStage } {
  const row = db.prepare('SELECT version, rules FROM dataset_rules WHERE dataset_id = ? ORDER BY version DESC LIMIT 1').get(datasetId) as
    | { version: number; rules: string }
    | undefined;
  if (!row) throw new AssayError('BAD_INPUT', `Dataset "${datasetName}" has no saved rules: save rules in its Rules tab (or import it with --rules) first.`);
  return { version: row.version, stage: new RulesStage(parseRuleSet(JSON.parse(row.rules)), projectLookup(db)) };
}

/** Pages through a dataset's rows in rowid order, yielding between pages so a cancel can arrive. */
async function eachPage(
  db: Db,
  meta: DatasetMeta,
  ctx: JobContext,
  onRow: (rowid: number, row: Cell[]) => void,
  report: (done: number) => void,
): Promise<number> {
  const select = db.prepare(`SELECT rowid, * FROM ${meta.table} WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw(true);
  let last = 0;
  let done = 0;
  for (;;) {
    const page = select.all(last, pageRows) as [number, ...Cell[]][];
    if (page.length === 0) return done;
    for (const r of page) onRow(r[0], r.slice(1));
    last = page[page.length - 1][0];
    done += page.length;
    report(done);
    await yieldToEvents();
    ctx.checkCancelled();
  }
}

function lineage(db: Db, datasetId: number, event: string, detail: Record<string, unknown>): void {
  db.prepare('INSERT INTO lineage (dataset_id, event, detail, at) VALUES (?, ?, ?, ?)').run(datasetId, event, JSON.stringify(detail), new Date().toISOString());
}

/**
 * Re-applies a dataset's saved rules. target 'dataset': rows that now fail move to quarantine
 * with their reasons, and the table is rebuilt without them (dense rowids, so paging stays a
 * range scan), all in one transaction. target 'quarantine': quarantined rows (with fixed values)
 * are checked against the rules and the dataset's current values (for unique); their issues are
 * updated, and with `promote` the rows that pass are appended to the dataset and leave quarantine,
 * again in one transaction with a lineage event.
 */
export async function runValidate(spec: ValidateJobSpec, ctx: JobContext): Promise<ValidateResult> {
  const db = openDatabase(spec.projectPath, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  try {
    const meta = datasetMeta(db, spec.datasetId);
    const { version, stage } = latestRules(db, spec.datasetId, meta.name);
    stage.bind(meta.names);
    const title = spec.target === 'dataset' ? `Validating ${meta.name}` : `Re-validating quarantine of ${meta.name}`;
    const report = (done: number, total: number): void =>
      ctx.progress({ kind: 'validate', value: total > 0 ? Math.min(1, done / total) : 1, title, detail: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows` });
    return spec.target === 'dataset'
      ? await validateDataset(db, spec.datasetId, meta, stage, version, ctx, report)
      : await validateQuarantine(db, spec.datasetId, meta, stage, version, spec.promote, ctx, report);
  } finally {
    db.close();
  }
}

async function validateDataset(
  db: Db,
  datasetId: number,
  meta: DatasetMeta,
  stage: RulesStage,
  version: number,
  ctx: JobContext,
  report: (done: number, total: number) => void,
): Promise<ValidateResult> {
  const failing: { rowid: number; row: Cell[]; issues: readonly RowIssue[] }[] = [];
  const checked = await eachPage(
    db,
    meta,
    ctx,
    (rowid, row) => {
      const issues = stage.process(row);
      if (issues.length > 0) failing.push({ rowid, row, issues });
    },
    (done) => report(done, meta.rowCount),
  );
  ctx.checkCancelled();
  const cols = meta.names.map((_, i) => `c${i}`).join(', ');
  db.transaction(() => {
    if (failing.length > 0) {
      const keep = db.prepare('INSERT INTO quarantine (dataset_id, line, raw, reason, issues, fields) VALUES (?, ?, ?, ?, ?, ?)');
      db.exec('CREATE TEMP TABLE failing_rows (id INTEGER PRIMARY KEY)');
      const mark = db.prepare('INSERT INTO temp.failing_rows (id) VALUES (?)');
      for (const f of failing) {
        const fields = f.row.map((c) => (c === null ? '' : String(c)));
        keep.run(datasetId, f.rowid, Papa.unparse([fields]), describeIssues(f.issues), JSON.stringify(f.issues), JSON.stringify(fields));
        mark.run(f.rowid);
      }
      // A new table rather than DELETE: rowids stay dense, which readRows' paging relies on.
      const next = `${meta.table}_v`;
      db.exec(`DROP TABLE IF EXISTS ${next}`);
      db.exec(`CREATE TABLE ${next} (${meta.names.map((_, i) => `c${i} ANY`).join(', ')}) STRICT`);
      db.exec(`INSERT INTO ${next} (${cols}) SELECT ${cols} FROM ${meta.table} WHERE rowid NOT IN (SELECT id FROM temp.failing_rows) ORDER BY rowid`);
      db.exec(`DROP TABLE ${meta.table}`);
      db.exec(`ALTER TABLE ${next} RENAME TO ${meta.table}`);
      db.exec('DROP TABLE temp.failing_rows');
      db.prepare('UPDATE datasets SET row_count = row_count - ?, quarantined_count = quarantined_count + ? WHERE id = ?').run(failing.length, failing.length, datasetId);
      // The profile described rows that are gone.
      db.prepare('DELETE FROM profiles WHERE dataset_id = ?').run(datasetId);
    }
    lineage(db, datasetId, 'validate', { rulesVersion: version, rowsChecked: checked, rowsMoved: failing.length, rules: stage.summary() });
  }).immediate();
  return { datasetId, target: 'dataset', rowsChecked: checked, rowsFailing: failing.length, rowsMoved: failing.length, rules: stage.summary() };
}

async function validateQuarantine(
  db: Db,
  datasetId: number,
  meta: DatasetMeta,
  stage: RulesStage,
  version: number,
  promote: boolean,
  ctx: JobContext,
  report: (done: number, total: number) => void,
): Promise<ValidateResult> {
  // Values already in the dataset count for unique: a fixed row must not duplicate one.
  await eachPage(db, meta, ctx, (_, row) => stage.seed(row), (done) => report(done, meta.rowCount));
  const entries = db.prepare('SELECT id, fields FROM quarantine WHERE dataset_id = ? ORDER BY id').all(datasetId) as { id: number; fields: string | null }[];
  const width = meta.names.length;
  const types = [...meta.types];
  const verdicts: { id: number; issues: readonly RowIssue[]; row: Cell[] | null }[] = [];
  for (const e of entries) {
    const fields = e.fields === null ? null : (JSON.parse(e.fields) as string[]);
    if (!fields || fields.length !== width) {
      const message = fields ? `expected ${width} fields, found ${fields.length}` : 'the record could not be split into fields';
      verdicts.push({ id: e.id, issues: [{ rule: 'parse', column: null, message }], row: null });
      continue;
    }
    const row = fields.map((f, i) => convert(f, types[i]).value);
    verdicts.push({ id: e.id, issues: stage.process(row), row });
  }
  ctx.checkCancelled();
  const passing = verdicts.filter((v) => v.issues.length === 0 && v.row !== null);
  db.transaction(() => {
    const update = db.prepare('UPDATE quarantine SET issues = ?, reason = ? WHERE id = ?');
    for (const v of verdicts) update.run(JSON.stringify(v.issues), v.issues.length ? describeIssues(v.issues) : 'passes every rule (ready to promote)', v.id);
    if (promote && passing.length > 0) {
      // Fixed values may need a wider column type (12.5 in an integer column).
      const fields = db.prepare('SELECT fields FROM quarantine WHERE id = ?');
      for (const p of passing) {
        const f = JSON.parse((fields.get(p.id) as { fields: string }).fields) as string[];
        f.forEach((text, i) => {
          const c = convert(text, types[i]);
          if (c.widen) types[i] = widen(types[i], c.widen);
        });
      }
      const insert = db.prepare(`INSERT INTO ${meta.table} VALUES (${meta.names.map(() => '?').join(', ')})`);
      const remove = db.prepare('DELETE FROM quarantine WHERE id = ?');
      for (const p of passing) {
        const f = JSON.parse((fields.get(p.id) as { fields: string }).fields) as string[];
        insert.run(f.map((text, i) => convert(text, types[i]).value));
        remove.run(p.id);
      }
      const setType = db.prepare('UPDATE dataset_columns SET type = ? WHERE dataset_id = ? AND position = ?');
      types.forEach((t, i) => {
        if (t !== meta.types[i]) setType.run(t, datasetId, i);
      });
      db.prepare('UPDATE datasets SET row_count = row_count + ?, quarantined_count = quarantined_count - ? WHERE id = ?').run(passing.length, passing.length, datasetId);
      db.prepare('DELETE FROM profiles WHERE dataset_id = ?').run(datasetId);
      lineage(db, datasetId, 'promote', { rulesVersion: version, rowsChecked: verdicts.length, rowsPromoted: passing.length, rules: stage.summary() });
    }
  }).immediate();
  return {
    datasetId,
    target: 'quarantine',
    rowsChecked: verdicts.length,
    rowsFailing: verdicts.length - passing.length,
    rowsMoved: promote ? passing.length : 0,
    rules: stage.summary(),
  };
}
