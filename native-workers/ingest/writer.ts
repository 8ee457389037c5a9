import type { DateFormat, InferredSchema, SchemaOverrides } from '../../preload/contract/schema';
import type { Cell, ColumnType, TypeMisfit } from '../../preload/contract/types';
import { convert, convertFitting, mayBeMissing, notFitting, widen } from '../ml/infer';
import { inferSchema } from '../ml/schema/infer-column';
import { planColumns, plainPlan, typeFailure, type ColumnPlan } from './schema/plan';
import { BatchInserter } from '../project/batch-insert';
import { chunkRowCount, datasetStorage, setDatasetStorage } from '../project/columns/chunk-store';
import { ColumnChunkWriter } from '../project/columns/column-writer';
import { finishRowWorkTable, openRowWorkTable } from '../project/columns/rewrite';
import { datasetTable, insertColumns, markReady, storageForWriter, upsertColumns } from '../project/datasets';
import { createRowTable } from '../project/dataset-tables';
import { addLineage } from '../project/lineage';
import type { Db } from '../project/open';
import { quarantineWriter, type QuarantineEntry } from '../project/quarantine';
import type { RowSink } from '../runtime/row-batch';
import { RowWriterThread } from '../runtime/row-writer';
import { describeIssues, type RowIssue, type RowOrigin, type RowStage, type StoredTable } from './stages';

/** A source value as editable text, for a quarantined record's `fields`. */
function fieldText(value: SourceValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value);
}

/** A value as a source hands it over: text formats give strings, typed sources (Parquet, databases) give values. */
export type SourceValue = string | number | boolean | bigint | Date | null | undefined;

/**
 * Rows written value by value, for a source that decodes its own bytes (PostgreSQL's binary COPY):
 * no row array, and text as UTF-8 bytes with no string per value. See DatasetWriter.direct().
 */
export interface DirectRowSink {
  /** Value `column` of the row being built, converted as writeBatch converts it. */
  value(column: number, value: SourceValue): void;
  /** A text value as UTF-8 bytes, src[start…end). */
  text(column: number, src: Buffer, start: number, end: number): void;
  /** A number the source decoded itself: stored as it is where the column's type holds it, else as value() stores it. */
  number(column: number, value: number): void;
  commitRow(): void;
}

/**
 * DirectRowSink for a reader that converts most values itself, from bytes (the byte-level CSV
 * reader, ingest/formats/csv-bytes.ts): it reads the columns' current types and calls `cell` for
 * any value it has no fast path for, so every stored value is the one writeBatch would store.
 */
export interface DirectCellSink extends DirectRowSink {
  /** The columns' current types (the same array, widened in place as values demand). */
  readonly types: readonly ColumnType[];
  /** The cell writeBatch would store for `raw` in `column`, widening the column as it does; not stored yet. */
  cell(column: number, raw: string): Cell;
  /** Stores a cell for the row being built. */
  set(column: number, cell: Cell): void;
  /** UTF-8 bytes the reader knows to be the value as is (text or categorical not missing, an id that is no integer). */
  bytes(column: number, src: Buffer, start: number, end: number): void;
  /** A record that cannot be stored as read (broken quotes, the wrong width): quarantined as writeBatch does. */
  broken(raw: string, reason: string, fields: readonly string[]): void;
}

/** What an import's lineage is built from once its stages have finished. */
export interface FinishedImport {
  readonly columns: readonly { readonly name: string; readonly type: ColumnType }[];
  readonly counts: ImportCounts;
  readonly stages: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface ImportCounts {
  readonly rowsRead: number;
  readonly rowsStored: number;
  readonly rowsQuarantined: number;
}

/**
 * Writes one import into its dataset: the table, typed rows, quarantined rows with their
 * reason, and at the end the columns' final types, the counts and a lineage event, all in
 * one last transaction that makes the dataset visible. Every source goes through here, so
 * conversion, cleansing and validation stages behave the same for files, databases and APIs.
 */
export class DatasetWriter {
  readonly tableName: string;
  private names: string[] = [];
  private types: ColumnType[] = [];
  // Stryker disable next-line ArrayDeclaration: begin() replaces it before any read.
  private formats: (DateFormat | null)[] = [];
  // Stryker disable next-line ArrayDeclaration: begin() replaces it; before that only typeMisfits reads it, finding no misfits either way.
  private plan: ColumnPlan[] = [];
  /** Field index in the source record of each stored column (dropped columns are skipped). */
  // Stryker disable next-line ArrayDeclaration: begin() replaces it before any read.
  private sourceIndex: number[] = [];
  private sourceWidth = 0;
  private overrides: SchemaOverrides | undefined;
  /** Set by cell() when a value does not fit a type the user chose; the row then goes to quarantine. */
  private typeIssue: RowIssue | null = null;
  /** The column that set typeIssue (its stored index). */
  // Stryker disable next-line UnaryOperator: set together with typeIssue, read only when that is set.
  private typeIssueColumn = -1;
  private typeFailures = 0;
  /** Rows quarantined because of each column's type, by stored column index. */
  private typeFailuresBy: number[] = [];
  /** Where rows go on this thread: the row table's inserter, or the column chunks' writer. */
  private inserter: RowSink | null = null;
  /** Set (with inserter) when this thread writes column chunks: checkpoint and finish need it. */
  private chunks: ColumnChunkWriter | null = null;
  /** Set when rows are stored on a second thread (see runtime/row-writer.ts); then `inserter` stays null. */
  private thread: RowWriterThread | null = null;
  private readonly quarantineRow: (record: QuarantineEntry) => void;
  private read = 0;
  private stored = 0;
  private quarantined = 0;
  /** Type changes made by the row being converted: [column, type before], undone if the row is rejected. */
  // Stryker disable next-line ArrayDeclaration: emptied before each row.
  private readonly widened: [number, ColumnType][] = [];

  constructor(
    private readonly db: Db,
    private readonly datasetId: number,
    private readonly stages: readonly RowStage[] = [],
    /** The import's schema overrides (`ImportSpec.schema`), applied by begin and beginInferred. */
    private readonly schema?: SchemaOverrides,
    /** The row-writer thread's entry (rowWriterThreadFile()), or null to store on this thread. */
    private readonly threadFile: string | null = null,
  ) {
    this.tableName = datasetTable(datasetId);
    this.quarantineRow = quarantineWriter(db, datasetId);
  }

  get started(): boolean {
    return this.inserter !== null || this.thread !== null;
  }

  get columns(): readonly string[] {
    return this.names;
  }

  /** The columns' current types (final once every batch is written). */
  get columnTypes(): readonly ColumnType[] {
    return this.types;
  }

  /** Fixes a column's type (a stage that turns its values into text, e.g. pseudonymisation). */
  setColumnType(index: number, type: ColumnType): void {
    this.types[index] = type;
  }

  /** Each stage's figures, by stage name (for lineage). */
  stageSummaries(): Readonly<Record<string, Readonly<Record<string, number>>>> {
    return Object.fromEntries(this.stages.map((s) => [s.name, s.summary()]));
  }

  /**
   * Columns whose type was inferred over stray values (see ml/infer.ts inferTypeTolerant), with
   * how many rows their strays sent to quarantine: the import's result and lineage say so.
   */
  get typeMisfits(): TypeMisfit[] {
    return this.plan.flatMap((c, i) => (c.misfits > 0 ? [{ column: c.name, type: c.type, rowsQuarantined: this.typeFailuresBy[i] ?? 0 }] : []));
  }

  get counts(): ImportCounts {
    return { rowsRead: this.read, rowsStored: this.stored, rowsQuarantined: this.quarantined };
  }

  /**
   * Creates the dataset's table and columns (with their starting types, widened later as values
   * demand). For typed sources: the schema overrides apply to these types.
   */
  begin(names: readonly string[], types: readonly ColumnType[]): void {
    if (!this.hasOverrides(this.schema)) {
      this.beginPlan(plainPlan(names, types), names.length);
      return;
    }
    this.overrides = this.schema;
    const given: InferredSchema = {
      sampleRows: 0,
      columns: names.map((name, i) => ({ name, type: types[i]!, format: null, ambiguity: null, missing: 0, count: 0, distinct: 0, samples: [], misfits: 0 })),
    };
    this.beginPlan(planColumns(given, this.schema, []), names.length);
  }

  private hasOverrides(o: SchemaOverrides | undefined): o is SchemaOverrides {
    return o !== undefined && Object.keys(o.columns).length > 0;
  }

  /**
   * For text sources: infers the columns' types from a sample of raw rows (see ml/schema),
   * applies the user's overrides (rename, drop, type, date format) and begins. Returns what
   * inference found, for the caller to report.
   */
  beginInferred(names: readonly string[], sample: readonly (readonly string[])[], overrides: SchemaOverrides | undefined = this.schema): InferredSchema {
    const inferred = inferSchema({ columns: names, rows: sample });
    this.overrides = this.hasOverrides(overrides) ? overrides : undefined;
    this.beginPlan(planColumns(inferred, overrides, sample), names.length);
    return inferred;
  }

  private beginPlan(plan: readonly ColumnPlan[], sourceWidth: number): void {
    const declared = (name: string): ColumnType | undefined => {
      for (const s of this.stages) {
        const t = s.declaredType?.(name);
        if (t) return t;
      }
      return undefined;
    };
    this.plan = plan.map((c) => ({ ...c, type: declared(c.name) ?? c.type }));
    this.names = plan.map((c) => c.name);
    this.types = this.plan.map((c) => c.type);
    this.formats = plan.map((c) => c.format);
    this.sourceIndex = plan.map((c) => c.source);
    this.sourceWidth = sourceWidth;
    // Row table or column chunks (storageForWriter: a resumed pull keeps its own, else what new datasets get).
    const storage = storageForWriter(this.db, this.datasetId);
    // A resumed columnar pull appends after the rows its chunks already hold.
    const startRows = storage === 'columns' ? chunkRowCount(this.db, this.datasetId) : 0;
    this.db.transaction(() => {
      if (storage === 'rows') createRowTable(this.db, this.tableName, plan.length);
      else setDatasetStorage(this.db, this.datasetId, 'columns');
      insertColumns(
        this.db,
        this.datasetId,
        this.plan.map((c) => ({ name: c.name, type: c.type, format: c.format, sourceName: c.sourceName === c.name ? null : c.sourceName })),
      );
    }).immediate();
    for (const s of this.stages) s.bind?.(this.names, this.types);
    if (this.threadFile && startRows === 0) {
      this.thread = new RowWriterThread(this.threadFile, { dbPath: this.db.name, table: this.tableName, width: plan.length, datasetId: this.datasetId, storage });
    } else if (storage === 'columns') this.inserter = this.chunks = new ColumnChunkWriter(this.db, this.datasetId, plan.length, startRows);
    else this.inserter = new BatchInserter(this.db, this.tableName, null, plan.length);
  }

  /** Counts a record that could not even be parsed, and keeps it with its reason. */
  reject(raw: string, reason: string): void {
    this.read++;
    this.keep(raw, [{ rule: 'parse', column: null, message: reason }], null);
  }

  /**
   * Converts, runs the stages over and stores a batch of records in one transaction. `rawOf`
   * rebuilds a record's original text, only for rows that go to quarantine. A record with the
   * wrong number of fields, or one the parser flagged (`brokenReason`), is quarantined as is.
   */
  writeBatch(
    records: readonly (readonly SourceValue[])[],
    rawOf: (record: readonly SourceValue[], index: number) => string,
    brokenReason?: (record: readonly SourceValue[], index: number) => string | null,
  ): void {
    const out = this.thread ?? this.inserter;
    if (!out) throw new Error('DatasetWriter.begin() must come first.');
    const width = this.names.length;
    const sourceWidth = this.sourceWidth;
    const at = this.sourceIndex;
    const row: Cell[] = new Array<Cell>(width);
    const fill = (): void => {
      records.forEach((record, k) => {
        this.read++;
        const broken = record.length !== sourceWidth ? `expected ${sourceWidth} fields, found ${record.length}` : (brokenReason?.(record, k) ?? null);
        if (broken) {
          this.keep(rawOf(record, k), [{ rule: 'parse', column: null, message: broken }], record);
          return;
        }
        this.widened.length = 0;
        // Stryker disable next-line EqualityOperator: i = width converts an undefined cell past the row, stored nowhere.
        for (let i = 0; i < width; i++) row[i] = this.cell(i, record[at[i]!]);
        if (this.typeIssue) {
          this.typeFailures++;
          this.typeFailuresBy[this.typeIssueColumn] = (this.typeFailuresBy[this.typeIssueColumn] ?? 0) + 1;
          for (let w = this.widened.length - 1; w >= 0; w--) this.types[this.widened[w]![0]] = this.widened[w]![1];
          this.keep(rawOf(record, k), [this.typeIssue], record);
          this.typeIssue = null;
          return;
        }
        // Stryker disable next-line ConditionalExpression,EqualityOperator: with no stages the loop below finds no issue anyway; the test skips building the origin.
        if (this.stages.length > 0) {
          const recordNo = this.read;
          const origin: RowOrigin = { recordNo, raw: () => rawOf(record, k) };
          // Stryker disable next-line ArrayDeclaration: there is at least one stage, whose answer replaces it.
          let issues: readonly RowIssue[] = [];
          for (const stage of this.stages) {
            issues = stage.process(row, origin);
            if (issues.length > 0) break;
          }
          if (issues.length > 0) {
            // A rejected value must not widen its column (one "abc" would make an integer column text).
            for (let w = this.widened.length - 1; w >= 0; w--) this.types[this.widened[w][0]] = this.widened[w][1];
            this.keep(origin.raw(), issues, record);
            return;
          }
        }
        for (let i = 0; i < width; i++) out.set(i, row[i]);
        this.stored++;
        out.commitRow();
      });
    };
    if (this.thread) {
      fill();
      this.thread.send();
    } else {
      const inserter = out as RowSink;
      this.db.transaction(() => inserter.run(fill)).immediate();
    }
  }

  /**
   * The columnar path for sources that decode their own values: each value goes straight into the
   * writer thread's column chunks. Null where a row must exist as cells first: a stage (it sees
   * whole rows), a user's schema (columns dropped, moved or strictly typed), row storage, or no
   * thread. Without stages or strict types no value is rejected: only records the reader cannot use
   * (`broken`) are quarantined.
   */
  direct(): DirectCellSink | null {
    const thread = this.thread;
    const plain = this.sourceWidth === this.names.length && this.plan.every((c, i) => c.source === i && !c.strict);
    if (thread === null || !thread.columnar || this.stages.length > 0 || !plain) return null;
    const types = this.types;
    return {
      value: (c, v) => thread.set(c, this.convertCell(c, v)),
      // convertCell's answer for a number of the column's own type, without its checks: the value itself.
      number: (c, v) => {
        const t = types[c];
        if (t === 'number' ? Number.isFinite(v) : t === 'integer' && Number.isInteger(v)) thread.setNumber(c, v);
        else thread.set(c, this.convertCell(c, v));
      },
      text: (c, src, start, end) => {
        const t = types[c];
        // As convertCell: text and categories keep the value as is unless it reads as missing.
        if ((t === 'text' || t === 'categorical') && !mayBeMissing(src[start] ?? 0, src[end - 1] ?? 0, end - start)) thread.setBytes(c, src, start, end);
        else thread.set(c, this.convertCell(c, src.toString('utf8', start, end)));
      },
      commitRow: () => {
        this.read++;
        this.stored++;
        thread.commitRow();
      },
      types,
      cell: (c, raw) => this.convertCell(c, raw),
      set: (c, cell) => thread.set(c, cell),
      bytes: (c, src, start, end) => thread.setBytes(c, src, start, end),
      broken: (raw, reason, fields) => {
        this.read++;
        this.keep(raw, [{ rule: 'parse', column: null, message: reason }], fields);
      },
    };
  }

  /**
   * Stores the rows written so far in the caller's transaction even where they would wait for a
   * full chunk (column storage on this thread): a pull commits each page with its position.
   */
  checkpoint(): void {
    this.chunks?.checkpoint();
  }

  /** Blocks until every row handed over is stored (before the import thread writes to the project itself). */
  drain(): void {
    this.thread?.drain();
  }

  /** Stops a row-writer thread without waiting: for an import that failed or was cancelled. */
  dispose(): void {
    this.thread?.dispose();
  }

  private keep(raw: string, issues: readonly RowIssue[], record: readonly SourceValue[] | null): void {
    this.quarantined++;
    const fields = record ? JSON.stringify(record.map(fieldText)) : null;
    const args: QuarantineEntry = [this.read, raw.slice(0, 100_000), describeIssues(issues), JSON.stringify(issues), fields && fields.length <= 100_000 ? fields : null];
    if (this.thread) this.thread.keep(args);
    else this.quarantineRow(args);
  }

  private cell(i: number, value: SourceValue): Cell {
    const before = this.types[i];
    const cell = this.convertCell(i, value);
    // Stryker disable next-line ConditionalExpression: undoing an unchanged type writes the same type back.
    if (this.types[i] !== before) this.widened.push([i, before]);
    return cell;
  }

  private convertCell(i: number, value: SourceValue): Cell {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string' && this.plan[i]!.strict) value = value instanceof Date ? value.toISOString() : String(value);
    if (typeof value === 'string') {
      const fitting = convertFitting(value, this.types[i]!, this.formats[i]!);
      // Stryker disable next-line ConditionalExpression: the fast path; convert() gives the same cell.
      if (fitting !== notFitting) return fitting;
      const c = convert(value, this.types[i]!, this.formats[i]!);
      if (c.widen) {
        if (this.plan[i]!.strict) {
          // The first failing column names the row's reason; later columns need no conversion.
          if (!this.typeIssue) {
            this.typeIssue = { rule: 'type', column: this.names[i]!, message: typeFailure(value, this.plan[i]!) };
            this.typeIssueColumn = i;
          }
          return null;
        }
        this.types[i] = widen(this.types[i]!, c.widen);
      }
      // Stryker disable next-line ConditionalExpression,StringLiteral: convert() gives the raw text as the value when it widens to text.
      return c.widen === 'text' ? value : c.value;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return null;
      if (this.types[i] === 'integer' && !Number.isInteger(value)) this.types[i] = widen('integer', 'number');
      else if (this.types[i] === 'boolean') this.types[i] = widen('boolean', Number.isInteger(value) ? 'integer' : 'number');
      return value;
    }
    if (typeof value === 'boolean') {
      if (this.types[i] !== 'boolean') this.types[i] = widen(this.types[i], 'boolean');
      return value ? 1 : 0;
    }
    if (typeof value === 'bigint') {
      const n = Number(value);
      if (Number.isSafeInteger(n)) return this.convertCell(i, n);
      this.types[i] = widen(this.types[i], 'text');
      return value.toString();
    }
    const iso = Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (iso !== null && this.types[i] !== 'text' && this.types[i] !== 'datetime') this.types[i] = widen(this.types[i]!, 'text');
    return iso;
  }

  /**
   * Makes the dataset visible with its final types and counts, and records the import's lineage, atomically.
   * A lineage function sees the figures as they are after the stages' whole-table passes.
   */
  finish(lineage: Readonly<Record<string, unknown>> | ((after: FinishedImport) => Readonly<Record<string, unknown>>), event = 'import'): void {
    this.thread?.close();
    this.db.transaction(() => {
      this.chunks?.finish();
      const table: StoredTable = { db: this.db, datasetId: this.datasetId, tableName: this.tableName, names: this.names, types: this.types, rowsRemoved: 0 };
      // The whole-table passes (the recipe's) work in SQL on a row table: a columnar import gets a
      // working copy of its chunks here, written back as chunks in this same transaction.
      const workCopy = this.stages.some((s) => s.finishTable) && datasetStorage(this.db, this.datasetId) === 'columns';
      if (workCopy) openRowWorkTable(this.db, this.datasetId, this.tableName, this.names.length);
      for (const stage of this.stages) stage.finishTable?.(table);
      if (workCopy) finishRowWorkTable(this.db, this.datasetId, this.tableName, table.names.length);
      this.stored -= table.rowsRemoved;
      const summaries = this.stageSummaries();
      // Upsert: a stage may have renamed columns or added some (a duplicate or outlier flag).
      const columns = this.names.map((name, i) => ({ name, type: this.types[i]! }));
      upsertColumns(this.db, this.datasetId, columns);
      markReady(this.db, this.datasetId, this.stored, this.quarantined);
      addLineage(this.db, this.datasetId, event, {
        ...(typeof lineage === 'function' ? lineage({ columns, counts: this.counts, stages: summaries }) : lineage),
        ...this.counts,
        ...(this.stages.length ? { stages: summaries } : {}),
        ...(this.overrides ? { schemaOverrides: this.overrides, typeFailures: this.typeFailures } : {}),
        ...(this.typeMisfits.length > 0 ? { typeMisfits: this.typeMisfits } : {}),
      });
    }).immediate();
  }
}
