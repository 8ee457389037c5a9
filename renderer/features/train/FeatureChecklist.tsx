import type { ColumnInfo } from '../../../preload/contract';
import type { DerivedFeatures, ExcludedColumn } from '../../../preload/contract/train';
import { dateDerivation } from './date-derivation';
import { candidateFeatures, isChecked, toggleFeature, type TrainDraft } from './form';

/**
 * Every column but the target. Untouched, the host's default applies (it also
 * leaves out id-like and constant columns); the reasons of the last run of this
 * dataset and target are shown beside the columns it left out, and date columns
 * say which calendar features they become.
 */
export function FeatureChecklist({
  draft,
  columns,
  excluded,
  derived,
  onChange,
}: {
  readonly draft: TrainDraft;
  readonly columns: readonly ColumnInfo[];
  readonly excluded: readonly ExcludedColumn[];
  readonly derived: readonly DerivedFeatures[];
  readonly onChange: (draft: TrainDraft) => void;
}) {
  const names = candidateFeatures(columns, draft.target);
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const reasons = new Map(excluded.map((e) => [e.column, e.reason]));
  const ticked = names.filter((n) => isChecked(draft, n)).length;
  return (
    <fieldset className="feature-checklist" data-testid="feature-checklist">
      <div className="feature-head">
        <legend>
          Features <span className="muted">({draft.features === null ? `default: all ${names.length}` : `${ticked} of ${names.length}`})</span>
        </legend>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => onChange({ ...draft, features: names })}>
          All
        </button>
        <button type="button" className="small" onClick={() => onChange({ ...draft, features: [] })}>
          None
        </button>
        <button type="button" className="small" disabled={draft.features === null} onClick={() => onChange({ ...draft, features: null })} title="Every column but the target; id-like and constant columns are left out by the host">
          Default
        </button>
      </div>
      {draft.features === null && (
        <p className="field-hint">Default: every column but the target. Assay leaves out id-like and constant columns and says why after the run plans.</p>
      )}
      {names.length === 0 ? (
        <p className="field-hint">Pick a dataset with more than one column.</p>
      ) : (
        <ul className="feature-list">
          {names.map((name) => {
            const reason = reasons.get(name);
            const derivation = reason ? null : dateDerivation(name, types.get(name), derived);
            return (
              <li key={name} className={reason ? 'excluded' : undefined}>
                <label className="inline-check" title={reason ? `The last run left this out: ${reason}` : name}>
                  <input type="checkbox" data-testid="feature-check" value={name} checked={isChecked(draft, name)} onChange={() => onChange(toggleFeature(draft, columns, name))} />
                  <span className="feature-name">{name}</span>
                  <span className={`col-type type-${types.get(name) ?? 'text'}`}>{types.get(name)}</span>
                </label>
                {reason && (
                  <span className="excluded-reason" data-testid="excluded-reason">
                    left out: {reason}
                  </span>
                )}
                {derivation && (
                  <span className="date-derivation" data-testid="date-derivation">
                    {derivation}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
