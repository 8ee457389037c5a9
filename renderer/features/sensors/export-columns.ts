import { duplicateNames, type ExportClash, type ExportColumnChoice, type RecordingExportPlan } from '../../../preload/contract';

/** One offered column as the export form edits it. */
export interface ColumnDraft {
  readonly key: string;
  readonly name: string;
  readonly checked: boolean;
}

/** Which of a clash's two columns the user renames. */
export type ClashSide = 'field' | 'recording';

/** Gives the clash's name back to one column and the suggested (or typed) new name to the other. */
export function resolveClash(drafts: readonly ColumnDraft[], clash: ExportClash, side: ClashSide): ColumnDraft[] {
  const [fieldKey, recordingKey] = clash.keys;
  const [fieldName, recordingName] = clash.suggested;
  return drafts.map((d) =>
    d.key === fieldKey ? { ...d, name: side === 'field' ? fieldName : clash.name } : d.key === recordingKey ? { ...d, name: side === 'recording' ? recordingName : clash.name } : d,
  );
}

/** The plan as the form starts: its ticks and names, each clash settled by renaming the source field (the user may switch). */
export function initialDrafts(plan: RecordingExportPlan): ColumnDraft[] {
  let drafts: ColumnDraft[] = plan.columns.map((c) => ({ key: c.key, name: c.name, checked: c.checked }));
  for (const clash of plan.clashes) drafts = resolveClash(drafts, clash, 'field');
  return drafts;
}

/** Which side of a clash is renamed now, by the names the columns carry. */
export function clashSide(drafts: readonly ColumnDraft[], clash: ExportClash): ClashSide {
  return drafts.find((d) => d.key === clash.keys[0])?.name === clash.name ? 'recording' : 'field';
}

export function choicesOf(drafts: readonly ColumnDraft[]): ExportColumnChoice[] {
  return drafts.filter((d) => d.checked).map((d) => ({ key: d.key, name: d.name.trim() }));
}

/** Why the chosen columns cannot be exported as they are, or null. */
export function columnsProblem(drafts: readonly ColumnDraft[]): string | null {
  const chosen = choicesOf(drafts);
  if (chosen.length === 0) return 'Tick at least one column.';
  if (chosen.some((c) => c.name === '')) return 'Every ticked column needs a name.';
  const twice = duplicateNames(chosen);
  return twice.length > 0 ? `Two columns are named ${twice.map((n) => `"${n}"`).join(', ')}: rename one.` : null;
}
