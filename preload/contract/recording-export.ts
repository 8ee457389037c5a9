import type { ColumnType } from './types';

/**
 * Recordings → dataset: the columns an export can write, offered before it
 * runs (recording:export-plan) so the user picks, renames and resolves clashes.
 */

/** Where a column comes from, for grouping and wording in the dialog. */
export type ExportColumnKind = 'time' | 'field' | 'derived' | 'statistic' | 'validation' | 'label';

export interface ExportColumnOption {
  /**
   * Stable across renames: `recording:host_time`, `recording:device_time`,
   * `recording:label`, `recording:invalid`, `recording:flags`, or `field:NAME`
   * for a source field, a derived channel or a statistic (NAME as the pipeline names it).
   */
  readonly key: string;
  /** The column's name unless the user changes it. */
  readonly name: string;
  readonly kind: ExportColumnKind;
  readonly type: ColumnType;
  /** Ticked at first; an export without a column list writes exactly these. */
  readonly checked: boolean;
  /** Why it is unticked, or what it holds. */
  readonly note?: string;
}

/** Two offered columns that would have the same name: the user renames one of them. */
export interface ExportClash {
  readonly name: string;
  /** The source field's key and the recording column's key. */
  readonly keys: readonly [fieldKey: string, recordingKey: string];
  /** What each is renamed to unless the user types another name. */
  readonly suggested: readonly [fieldName: string, recordingName: string];
}

export interface RecordingExportPlan {
  readonly columns: readonly ExportColumnOption[];
  readonly clashes: readonly ExportClash[];
  readonly readings: number;
}

/** One column to write, in order, with its final name. */
export interface ExportColumnChoice {
  readonly key: string;
  readonly name: string;
}

/** The names a clash between a source field and a recording column gets by default. */
export function clashSuggestions(name: string): [fieldName: string, recordingName: string] {
  return [`${name}_source`, `recording_${name}`];
}

/** Each name used by more than one chosen column (compared as the dataset compares them: case-blind, trimmed). */
export function duplicateNames(choices: readonly ExportColumnChoice[]): string[] {
  const seen = new Map<string, number>();
  for (const c of choices) seen.set(c.name.trim().toLowerCase(), (seen.get(c.name.trim().toLowerCase()) ?? 0) + 1);
  return [...new Set(choices.filter((c) => (seen.get(c.name.trim().toLowerCase()) ?? 0) > 1).map((c) => c.name.trim()))];
}
