/**
 * Lineage: one event per thing done to a dataset (import, append, pseudonymisation,
 * and the cleansing / validation re-runs other parts record), newest last.
 */

/** How an import's source file looked when it was read. */
export interface LineageSource {
  readonly path: string;
  readonly fileName: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly modifiedAt: string | null;
}

/** One column as it was stored. */
export interface LineageColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * What an import or append records. The `rules` and `recipe` slots are filled by the
 * validation and cleansing parts (their version/id and a summary); null when none was used.
 */
export interface ImportLineage {
  readonly source: LineageSource;
  readonly parser: Readonly<Record<string, unknown>>;
  readonly schema: readonly LineageColumn[];
  readonly rules: Readonly<Record<string, unknown>> | null;
  readonly recipe: Readonly<Record<string, unknown>> | null;
  readonly counts: {
    readonly read: number;
    readonly accepted: number;
    readonly quarantined: number;
    /** Cells or rows changed by cleansing; null when no recipe ran. */
    readonly changed: number | null;
  };
  readonly appVersion: string;
  /** Appends only: how the new file's schema differed and what was done about it. */
  readonly schemaChanges?: readonly SchemaDifference[];
}

export interface LineageEvent {
  readonly id: number;
  readonly datasetId: number;
  /** 'import' | 'append' | 'privacy' | 'cleanse' | 'validate' | … */
  readonly event: string;
  readonly at: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** One way an appended file's schema differs from its dataset's. */
export type SchemaDifference =
  | { readonly kind: 'new-column'; readonly column: string; readonly type: string }
  | { readonly kind: 'missing-column'; readonly column: string; readonly type: string }
  | { readonly kind: 'type-changed'; readonly column: string; readonly datasetType: string; readonly fileType: string };

/**
 * `ImportSpec.append`: add the file's rows to an existing dataset instead of making a new
 * one. Differences in schema fail the import unless the matching permission is given.
 */
export interface AppendSpec {
  readonly datasetId: number;
  /** New columns are added (old rows get nulls); columns missing from the file are null in its rows. */
  readonly addColumns?: boolean;
  /** Values of a column whose type changed are cast to the dataset's type (those that cannot be become null). */
  readonly castTypes?: boolean;
}

/** The words for a difference, naming the column and both sides. */
export function describeDifference(d: SchemaDifference): string {
  switch (d.kind) {
    case 'new-column':
      return `new column "${d.column}" (${d.type}) is not in the dataset`;
    case 'missing-column':
      return `column "${d.column}" (${d.type}) of the dataset is missing from the file`;
    case 'type-changed':
      return `column "${d.column}" is ${d.fileType} in the file but ${d.datasetType} in the dataset`;
  }
}
