import type { Cell } from '../../preload/contract/types';

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
  /** Called by DatasetWriter.begin with the dataset's columns, before any row (resolve names to positions here). */
  begin?(columns: readonly string[]): void;
  process(row: Cell[], origin: RowOrigin): readonly RowIssue[];
  /** Figures for lineage and the import result (e.g. cells changed, failures per rule). */
  summary(): Readonly<Record<string, number>>;
}

/** The quarantine reason text for a set of issues (the issues themselves are kept as JSON too). */
export function describeIssues(issues: readonly RowIssue[]): string {
  return issues.map((i) => (i.column ? `${i.column}: ${i.message}` : i.message)).join('; ');
}
