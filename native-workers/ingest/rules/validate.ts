import Papa from 'papaparse';
import { AssayError } from '../../../preload/contract/errors';
import { parseRuleSet, type ValidateResult } from '../../../preload/contract/rules';
import type { Cell } from '../../../preload/contract/types';
import { convert, widen } from '../../ml/infer';
import type { ValidateJobSpec } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { yieldToEvents } from '../../runtime/context';
import { adjustCounts, dropProfile, readyDatasetShape, setColumnType, type ReadyDatasetShape } from '../../project/datasets';
import { compactRowTable } from '../../project/dataset-tables';
import { rowInserter } from '../../project/rows';
import { datasetStorage } from '../../project/columns/chunk-store';
import { datasetRowPages } from '../../project/columns/dataset-rows';
import { appendChunkRows, rewriteChunks } from '../../project/columns/rewrite';
import { addLineage } from '../../project/lineage';
import { connect, type Db } from '../../project/open';
import { quarantinedFields, quarantineFieldsReader, quarantineRemover, quarantineVerdictWriter, quarantineWriter } from '../../project/quarantine';
import { getRules } from '../../project/rules';
import { describeIssues, type RowIssue } from '../stages';
import { projectLookup } from './lookup';
import { RulesStage } from './stage';

const pageRows = 20_000;

function latestRules(db: Db, datasetId: number, datasetName: string): { version: number; stage: RulesStage } {
  const stored = getRules(db, datasetId);
  if (stored.version === null) throw new AssayError('BAD_INPUT', `Dataset "${datasetName}" has no saved rules: save rules in its Rules tab (or import it with --rules) first.`);
  return { version: stored.version, stage: new RulesStage(parseRuleSet(stored.rules), projectLookup(db)) };
}

/** Pages through a dataset's rows in rowid order, yielding between pages so a cancel can arrive. */
async function eachPage(
  db: Db,
  meta: ReadyDatasetShape,
  ctx: JobContext,
  onRow: (rowid: number, row: Cell[]) => void,
  report: (done: number) => void,
): Promise<number> {
  let done = 0;
  for (const page of datasetRowPages(db, meta, pageRows)) {
    for (const r of page) onRow(r[0], r.slice(1));
    done += page.length;
    report(done);
    await yieldToEvents();
    ctx.checkCancelled();
  }
  return done;
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
  const db = connect(spec.projectPath, false);
  try {
    const meta = readyDatasetShape(db, spec.datasetId);
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

/** A columnar dataset's rows but those whose rowid is in `gone`, in order: what the rebuilt chunks hold. */
function* keptRows(db: Db, meta: ReadyDatasetShape, gone: ReadonlySet<number>): Generator<Cell[]> {
  for (const page of datasetRowPages(db, meta, pageRows)) for (const r of page) if (!gone.has(r[0])) yield r.slice(1) as Cell[];
}

async function validateDataset(
  db: Db,
  datasetId: number,
  meta: ReadyDatasetShape,
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
  db.transaction(() => {
    if (failing.length > 0) {
      const keep = quarantineWriter(db, datasetId);
      for (const f of failing) {
        const fields = f.row.map((c) => (c === null ? '' : String(c)));
        keep([f.rowid, Papa.unparse([fields]), describeIssues(f.issues), JSON.stringify(f.issues), JSON.stringify(fields)]);
      }
      if (datasetStorage(db, datasetId) === 'columns') {
        const gone = new Set(failing.map((f) => f.rowid));
        rewriteChunks(db, datasetId, meta.names.length, keptRows(db, meta, gone));
      } else compactRowTable(db, meta.table, meta.names.length, failing.map((f) => f.rowid));
      adjustCounts(db, datasetId, -failing.length, failing.length);
      // The profile described rows that are gone.
      dropProfile(db, datasetId);
    }
    addLineage(db, datasetId, 'validate', { rulesVersion: version, rowsChecked: checked, rowsMoved: failing.length, rules: stage.summary() });
  }).immediate();
  return { datasetId, target: 'dataset', rowsChecked: checked, rowsFailing: failing.length, rowsMoved: failing.length, rules: stage.summary() };
}

async function validateQuarantine(
  db: Db,
  datasetId: number,
  meta: ReadyDatasetShape,
  stage: RulesStage,
  version: number,
  promote: boolean,
  ctx: JobContext,
  report: (done: number, total: number) => void,
): Promise<ValidateResult> {
  // Values already in the dataset count for unique: a fixed row must not duplicate one.
  await eachPage(db, meta, ctx, (_, row) => stage.seed(row), (done) => report(done, meta.rowCount));
  const entries = quarantinedFields(db, datasetId);
  const width = meta.names.length;
  const types = [...meta.types];
  const verdicts: { id: number; issues: readonly RowIssue[]; row: Cell[] | null }[] = [];
  for (const e of entries) {
    const { fields } = e;
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
    const setVerdict = quarantineVerdictWriter(db);
    for (const v of verdicts) setVerdict(v.id, v.issues, v.issues.length ? describeIssues(v.issues) : 'passes every rule (ready to promote)');
    if (promote && passing.length > 0) {
      // Fixed values may need a wider column type (12.5 in an integer column).
      // Read once under the write lock: the fields as they are now, for both passes.
      const fieldsOf = quarantineFieldsReader(db);
      const promoted = passing.map((p) => ({ id: p.id, fields: fieldsOf(p.id) }));
      for (const p of promoted) {
        p.fields.forEach((text, i) => {
          const c = convert(text, types[i]);
          if (c.widen) types[i] = widen(types[i], c.widen);
        });
      }
      const rows = promoted.map((p) => p.fields.map((text, i) => convert(text, types[i]).value));
      if (datasetStorage(db, datasetId) === 'columns') appendChunkRows(db, datasetId, meta.names.length, rows);
      else {
        const append = rowInserter(db, meta.table, null, meta.names.length);
        for (const row of rows) append.one(row);
      }
      const remove = quarantineRemover(db);
      for (const p of promoted) remove(p.id);
      types.forEach((t, i) => {
        if (t !== meta.types[i]) setColumnType(db, datasetId, i, t);
      });
      adjustCounts(db, datasetId, passing.length, -passing.length);
      dropProfile(db, datasetId);
      addLineage(db, datasetId, 'promote', { rulesVersion: version, rowsChecked: verdicts.length, rowsPromoted: passing.length, rules: stage.summary() });
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
