import type { ExportColumnKind, RecordingExportPlan } from '../../../preload/contract';
import { clashSide, resolveClash, type ColumnDraft } from './export-columns';

const kindLabel: Record<ExportColumnKind, string> = {
  time: 'time',
  field: 'field',
  derived: 'derived',
  statistic: 'statistic',
  validation: 'validation',
  label: 'label',
};

/** The export's columns: clashes asked about first, then one row per offered column to tick and rename. */
export function ExportColumns({
  plan,
  drafts,
  onChange,
  disabled,
}: {
  readonly plan: RecordingExportPlan;
  readonly drafts: readonly ColumnDraft[];
  readonly onChange: (drafts: ColumnDraft[]) => void;
  readonly disabled: boolean;
}) {
  const edit = (key: string, patch: Partial<ColumnDraft>): void => onChange(drafts.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  return (
    <div className="export-columns" data-testid="export-columns">
      {plan.clashes.map((clash) => {
        const side = clashSide(drafts, clash);
        return (
          <fieldset key={clash.name} className="export-clash" data-testid="export-clash" disabled={disabled}>
            <legend>
              The source has a field named “{clash.name}”, like the recording’s own {clash.name} column. Which one is renamed?
            </legend>
            <label className="check">
              <input type="radio" name={`clash-${clash.name}`} data-testid="clash-rename-field" checked={side === 'field'} onChange={() => onChange(resolveClash(drafts, clash, 'field'))} />
              the source field, to “{clash.suggested[0]}”
            </label>
            <label className="check">
              <input type="radio" name={`clash-${clash.name}`} data-testid="clash-rename-recording" checked={side === 'recording'} onChange={() => onChange(resolveClash(drafts, clash, 'recording'))} />
              the recording’s column, to “{clash.suggested[1]}”
            </label>
          </fieldset>
        );
      })}
      <table className="rec-table export-column-table">
        <thead>
          <tr>
            <th aria-label="Include" />
            <th>column</th>
            <th>type</th>
            <th>from</th>
            <th>note</th>
          </tr>
        </thead>
        <tbody>
          {plan.columns.map((c) => {
            const d = drafts.find((x) => x.key === c.key);
            if (!d) return null;
            return (
              <tr key={c.key} data-testid="export-column" data-key={c.key}>
                <td>
                  <input type="checkbox" aria-label={`Include ${c.key}`} data-testid="export-column-include" disabled={disabled} checked={d.checked} onChange={(e) => edit(c.key, { checked: e.target.checked })} />
                </td>
                <td>
                  <input aria-label={`Name of ${c.key}`} data-testid="export-column-name" disabled={disabled || !d.checked} value={d.name} onChange={(e) => edit(c.key, { name: e.target.value })} />
                </td>
                <td>{c.type}</td>
                <td>{kindLabel[c.kind]}</td>
                <td className="muted">{c.note ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
