import type Database from 'better-sqlite3';
import type { Cell, ColumnType } from '../../preload/contract/types';
import { convert, widen } from '../ml/infer';
import { BatchInserter } from '../runtime/batch-insert';
import { describeIssues, type RowIssue, type RowOrigin, type RowStage } from './stages';

/** A value as a source hands it over: text formats give strings, typed sources (Parquet, databases) give values. */
export type SourceValue = string | number | boolean | bigint | Date | null | undefined;

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
  private inserter: BatchInserter | null = null;
  private readonly quarantineRow: Database.Statement;
  private read = 0;
  private stored = 0;
  private quarantined = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly datasetId: number,
    private readonly stages: readonly RowStage[] = [],
  ) {
    this.tableName = `ds_${datasetId}`;
    this.quarantineRow = db.prepare('INSERT INTO quarantine (dataset_id, line, raw, reason) VALUES (?, ?, ?, ?)');
  }

  get started(): boolean {
    return this.inserter !== null;
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

  get counts(): ImportCounts {
    return { rowsRead: this.read, rowsStored: this.stored, rowsQuarantined: this.quarantined };
  }

  /** Creates the dataset's table and columns (with their starting types, widened later as values demand). */
  begin(names: readonly string[], types: readonly ColumnType[]): void {
    this.names = [...names];
    this.types = [...types];
    const cols = names.map((_, i) => `c${i} ANY`).join(', ');
    this.db.transaction(() => {
      this.db.exec(`CREATE TABLE ${this.tableName} (${cols}) STRICT`);
      const addColumn = this.db.prepare('INSERT INTO dataset_columns (dataset_id, position, name, type) VALUES (?, ?, ?, ?)');
      names.forEach((name, i) => addColumn.run(this.datasetId, i, name, types[i]));
    })();
    this.inserter = new BatchInserter(this.db, this.tableName, null, names.length);
  }

  /** Counts a record that could not even be parsed, and keeps it with its reason. */
  reject(raw: string, reason: string): void {
    this.read++;
    this.quarantined++;
    this.quarantineRow.run(this.datasetId, this.read, raw.slice(0, 100_000), reason);
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
    const out = this.inserter;
    if (!out) throw new Error('DatasetWriter.begin() must come first.');
    const width = this.names.length;
    const row: Cell[] = new Array<Cell>(width);
    this.db.transaction(() =>
      out.run(() => {
        records.forEach((record, k) => {
          this.read++;
          const broken = record.length !== width ? `expected ${width} fields, found ${record.length}` : (brokenReason?.(record, k) ?? null);
          if (broken) {
            this.keep(rawOf(record, k), broken);
            return;
          }
          for (let i = 0; i < width; i++) row[i] = this.cell(i, record[i]);
          if (this.stages.length > 0) {
            const recordNo = this.read;
            const origin: RowOrigin = { recordNo, raw: () => rawOf(record, k) };
            let issues: readonly RowIssue[] = [];
            for (const stage of this.stages) {
              issues = stage.process(row, origin);
              if (issues.length > 0) break;
            }
            if (issues.length > 0) {
              this.keep(origin.raw(), describeIssues(issues));
              return;
            }
          }
          for (let i = 0; i < width; i++) out.set(i, row[i]);
          this.stored++;
          out.commitRow();
        });
      }),
    )();
  }

  private keep(raw: string, reason: string): void {
    this.quarantined++;
    this.quarantineRow.run(this.datasetId, this.read, raw.slice(0, 100_000), reason);
  }

  private cell(i: number, value: SourceValue): Cell {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') {
      const c = convert(value, this.types[i]);
      if (c.widen) this.types[i] = widen(this.types[i], c.widen);
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
      if (Number.isSafeInteger(n)) return this.cell(i, n);
      this.types[i] = widen(this.types[i], 'text');
      return value.toString();
    }
    const iso = Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (iso !== null && this.types[i] !== 'text') this.types[i] = widen(this.types[i], 'text');
    return iso;
  }

  /** Makes the dataset visible with its final types and counts, and records the import's lineage, atomically. */
  finish(lineage: Readonly<Record<string, unknown>>, event = 'import'): void {
    const summaries = Object.fromEntries(this.stages.map((s) => [s.name, s.summary()]));
    this.db.transaction(() => {
      const setType = this.db.prepare('UPDATE dataset_columns SET type = ? WHERE dataset_id = ? AND position = ?');
      this.types.forEach((t, i) => setType.run(t, this.datasetId, i));
      this.db
        .prepare("UPDATE datasets SET status = 'ready', row_count = ?, quarantined_count = ? WHERE id = ?")
        .run(this.stored, this.quarantined, this.datasetId);
      this.db
        .prepare('INSERT INTO lineage (dataset_id, event, detail, at) VALUES (?, ?, ?, ?)')
        .run(
          this.datasetId,
          event,
          JSON.stringify({ ...lineage, ...this.counts, ...(this.stages.length ? { stages: summaries } : {}) }),
          new Date().toISOString(),
        );
    })();
  }
}
