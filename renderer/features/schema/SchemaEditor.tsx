import { useEffect, useMemo } from 'react';
import { checkOverrides,
  columnTypes,
  dateFormats,
  type ColumnType,
  type DateFormat,
  type InferredColumn,
  type SchemaOverrides,
  type SchemaSample, plural } from '../../../preload/contract';
import './schema.css';
import { inferPreviewSchema, previewKey } from './actions';
import { formatProblem, missingShare, withOverride } from './overrides';
import { useSchemaState } from './slice';

/** What the schema step needs of the wizard's preview: column names and first rows as text. */
export type SchemaPreview = SchemaSample;

export interface SchemaEditorProps {
  readonly preview: SchemaPreview;
  readonly value: SchemaOverrides;
  onChange(next: SchemaOverrides): void;
}

const isDateType = (t: ColumnType): boolean => t === 'date' || t === 'datetime';
const dateOnly = dateFormats.filter((f) => !f.includes('HH') && !f.startsWith('epoch'));

/**
 * Step 2 of the import wizard: one row per source column with what inference found (type,
 * date format, missing share, sample values) and the user's changes (type, date format, new
 * name, drop). Name problems show inline on their row; the import refuses them too.
 */
export function SchemaEditor({ preview, value, onChange }: SchemaEditorProps) {
  const state = useSchemaState();
  const key = useMemo(() => previewKey(preview), [preview]);
  useEffect(() => {
    void inferPreviewSchema(preview);
  }, [key, preview]);
  const problems = useMemo(() => checkOverrides(preview.columns, value), [preview.columns, value]);

  if (state.key !== key || state.status === 'loading' || state.status === 'idle') {
    return (
      <div className="schema-editor" data-testid="schema-editor" aria-busy="true">
        Reading the column types…
      </div>
    );
  }
  if (state.status === 'failed' || !state.inferred) {
    return (
      <div className="schema-editor" data-testid="schema-editor">
        <p className="schema-error" role="alert">
          The column types could not be inferred: {state.error}
        </p>
      </div>
    );
  }
  const set = (column: InferredColumn, patch: Parameters<typeof withOverride>[2]): void => onChange(withOverride(value, column, patch));
  const kept = state.inferred.columns.filter((c) => !value.columns[c.name]?.drop).length;

  return (
    <div className="schema-editor" data-testid="schema-editor">
      <p className="schema-summary">
        {plural(state.inferred.columns.length, 'column')}, {kept} kept · types inferred from {plural(state.inferred.sampleRows, 'preview row')} (the import checks
        its first 5,000). A value that does not fit a type you set goes to quarantine.
      </p>
      <div className="schema-scroll">
        <table className="schema-table">
          <thead>
            <tr>
              <th>Column</th>
              <th>Detected</th>
              <th>Type</th>
              <th>Name in dataset</th>
              <th>Drop</th>
            </tr>
          </thead>
          <tbody>
            {state.inferred.columns.map((c) => {
              const o = value.columns[c.name] ?? {};
              const type = o.type ?? c.type;
              const dropped = o.drop === true;
              const problem = problems.get(c.name);
              const badFormat = formatProblem(c, value.columns[c.name]);
              const format = o.format ?? c.format ?? '';
              return (
                <tr key={c.name} data-column={c.name} className={`${dropped ? 'dropped' : ''}${problem || badFormat ? ' invalid' : ''}`}>
                  <td>
                    <div className="schema-source">{c.name}</div>
                    <div className="schema-samples" title={c.samples.join(', ')}>
                      {c.samples.join(', ')}
                    </div>
                  </td>
                  <td>
                    <span className={`col-type type-${c.type}`}>{c.type}</span>
                    {c.format && <span className="schema-format">{c.format}</span>}
                    {c.ambiguity && (
                      <span className="schema-ambiguous" role="note" title={c.ambiguity} data-testid="ambiguity">
                        ⚠ ambiguous
                      </span>
                    )}
                    <div className="schema-missing">{missingShare(c)} missing</div>
                    {c.misfits > 0 && o.type === undefined && (
                      <div className="schema-misfits" role="note" data-testid="schema-misfits">
                        {c.type} — {plural(c.misfits, "value doesn't", "values don't")} fit, {c.misfits === 1 ? 'its row goes' : 'their rows go'} to quarantine
                      </div>
                    )}
                  </td>
                  <td>
                    <select aria-label={`Type of ${c.name}`} value={type} disabled={dropped} onChange={(e) => set(c, { type: e.target.value as ColumnType })}>
                      {columnTypes.map((t) => (
                        <option key={t} value={t}>
                          {t === c.type ? `${t} (detected)` : t}
                        </option>
                      ))}
                    </select>
                    {isDateType(type) && (
                      <select aria-label={`Date format of ${c.name}`} value={format} disabled={dropped} onChange={(e) => set(c, { format: e.target.value as DateFormat })}>
                        {format === '' && <option value="">choose…</option>}
                        {(type === 'date' ? dateOnly : dateFormats).map((f) => (
                          <option key={f} value={f}>
                            {f === c.format ? `${f} (detected)` : f}
                          </option>
                        ))}
                      </select>
                    )}
                    {badFormat && (
                      <div className="schema-problem" role="alert">
                        {badFormat}
                      </div>
                    )}
                  </td>
                  <td>
                    <input
                      aria-label={`Name of ${c.name}`}
                      value={o.rename ?? c.name}
                      disabled={dropped}
                      aria-invalid={problem ? true : undefined}
                      onChange={(e) => set(c, { rename: e.target.value })}
                    />
                    {problem && (
                      <div className="schema-problem" role="alert">
                        {problem}
                      </div>
                    )}
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`Drop ${c.name}`} checked={dropped} onChange={(e) => set(c, { drop: e.target.checked })} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
