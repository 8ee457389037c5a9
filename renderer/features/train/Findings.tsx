import { describeDerived, type DerivedFeatures, type ExcludedColumn, type LintFinding } from '../../../preload/contract/train';

/** Lint findings from the plan (leakage, id-like columns, imbalance …): warnings first, never hidden. */
export function LintList({ lint }: { readonly lint: readonly LintFinding[] }) {
  if (lint.length === 0) return null;
  const sorted = [...lint].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'warning' ? -1 : 1));
  const warnings = lint.filter((l) => l.severity === 'warning').length;
  return (
    <section className={`lint-box${warnings > 0 ? ' has-warnings' : ''}`} data-testid="lint-findings" aria-label="Checks on the data">
      <h3>
        {warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'} about the data` : 'Notes about the data'}
        {lint.length > warnings ? <span className="muted"> · {lint.length - warnings} note{lint.length - warnings === 1 ? '' : 's'}</span> : null}
      </h3>
      <ul>
        {sorted.map((l, i) => (
          <li key={`${l.code}-${l.column ?? ''}-${i}`} data-testid="lint-finding" data-severity={l.severity}>
            <span className={`severity severity-${l.severity}`}>{l.severity}</span>
            <span className="lint-message">
              {l.column && <code>{l.column}</code>} {l.message}
            </span>
            <span className="lint-code">{l.code}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PlanNotes({
  features,
  excluded,
  derived,
  warnings,
}: {
  readonly features: readonly string[];
  readonly excluded: readonly ExcludedColumn[];
  readonly derived: readonly DerivedFeatures[];
  readonly warnings: readonly string[];
}) {
  if (features.length === 0 && excluded.length === 0 && warnings.length === 0) return null;
  return (
    <div className="plan-notes">
      {excluded.length > 0 && (
        <section className="card compact" data-testid="excluded-columns" aria-label="Columns left out">
          <h3>Columns left out ({excluded.length})</h3>
          <ul className="excluded-list">
            {excluded.map((e) => (
              <li key={e.column}>
                <code>{e.column}</code> <span className="muted">{e.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {features.length > 0 && (
        <section className="card compact" aria-label="Features used">
          <h3>Features used ({features.length})</h3>
          <p className="feature-used">{features.join(', ')}</p>
          {derived.map((d) => (
            <p key={d.column} className="feature-used muted" data-testid="derived-features">
              {describeDerived(d)}
            </p>
          ))}
        </section>
      )}
      {warnings.length > 0 && (
        <section className="card compact run-warnings" data-testid="run-warnings" aria-label="Warnings">
          <h3>Warnings ({warnings.length})</h3>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
