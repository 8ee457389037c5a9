import type { Db } from '../project/open';
import type { Cell, ColumnType } from '../../preload/contract/types';

/** Why a row was rejected: the rule (or step) that failed, on which column, in words. */
export interface RowIssue {
  readonly rule: string;
  readonly column: string | null;
  readonly message: string;
}

/** Where a row came from, for stages that report or keep it. */
export interface RowOrigin {
  /** 1-based record number in the source (data rows, not physical lines). */
  readonly recordNo: number;
  /** The original text of the record, built only when asked for (it costs a serialisation). */
  raw(): string;
}

/**
 * One step between parsing and storing, shared by every source (files, databases, APIs):
 * cleansing rewrites cells, validation rejects rows. `row` holds typed cells in dataset
 * column order; a stage may rewrite it in place and returns the issues that send the row
 * to quarantine ([] keeps it). Stages run in order; the first one that rejects ends the row.
 */
export interface RowStage {
  readonly name: string;
  process(row: Cell[], origin: RowOrigin): readonly RowIssue[];
  /** Called once with the dataset's columns and starting types, before the first row (resolve names to positions here). */
  bind?(columns: readonly string[], types: readonly ColumnType[]): void;
  /** A type the stage requires of a column (a type rule): the column starts as that type instead of the inferred one. */
  declaredType?(column: string): ColumnType | undefined;
  /** Figures for lineage and the import result (e.g. cells changed, failures per rule). */
  summary(): Readonly<Record<string, number>>;
  /**
   * A second pass over the stored rows, for steps that need whole columns (imputation by mean,
   * outliers, duplicates): runs inside the transaction that makes the dataset visible, so the
   * dataset is never seen half-cleansed.
   */
  finishTable?(table: StoredTable): void;
}

/** The stored table of an import, as finishTable sees it. */
export interface StoredTable {
  readonly db: Db;
  readonly datasetId: number;
  readonly tableName: string;
  /** Names and types by position; a stage may rename, retype or append columns (after altering the table). */
  readonly names: string[];
  readonly types: ColumnType[];
  /** Rows the stage deleted; the writer takes them off the stored count. */
  rowsRemoved: number;
}

/** The quarantine reason text for a set of issues (the issues themselves are kept as JSON too). */
export function describeIssues(issues: readonly RowIssue[]): string {
  return issues.map((i) => (i.column ? `${i.column}: ${i.message}` : i.message)).join('; ');
}
