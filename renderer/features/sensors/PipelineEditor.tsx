import { useState, type ReactNode } from 'react';
import type { PipelineSpec, StreamSummary } from '../../../preload/contract';
import { useReadOnly } from '../project';
import { applyPipeline, readOnlyHint } from './actions';
import { defaultAnalytic, defaultRule, defaultTransform, pipelineProblems, removeAt, replaceAt } from './pipeline-draft';
import { AnalyticRow, RuleRow, TransformRow } from './PipelineRows';

function Section({ title, blurb, count, onAdd, disabled, testId, children }: {
  readonly title: string;
  readonly blurb: string;
  readonly count: number;
  readonly onAdd: () => void;
  readonly disabled: boolean;
  readonly testId: string;
  readonly children: ReactNode;
}) {
  return (
    <section className="card pipe-section" data-testid={testId}>
      <header>
        <div>
          <h2>{title}</h2>
          <p className="muted">{blurb}</p>
        </div>
        <button type="button" className="small" data-testid={`${testId}-add`} disabled={disabled} onClick={onAdd}>
          + Add
        </button>
      </header>
      {count === 0 ? <p className="muted pipe-empty">None.</p> : <ol className="pipe-rows">{children}</ol>}
    </section>
  );
}

function Row({ onRemove, disabled, children }: { readonly onRemove: () => void; readonly disabled: boolean; readonly children: ReactNode }) {
  return (
    <li className="pipe-row" data-testid="pipe-row">
      <fieldset disabled={disabled} className="pipe-fields">
        {children}
      </fieldset>
      <button type="button" className="dismiss" aria-label="Remove" title="Remove" disabled={disabled} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}

/** parse → validate → transform → analytics, edited as a draft and applied in one go. */
export function PipelineEditor({ stream }: { readonly stream: StreamSummary }) {
  const readOnly = useReadOnly();
  const [draft, setDraft] = useState<PipelineSpec>(stream.pipeline);
  const [busy, setBusy] = useState(false);
  const fields = stream.fields.map((f) => f.name);
  // Analytics and rules can use derived fields too.
  const allFields = [...fields, ...draft.transforms.flatMap((t) => (t.kind === 'derived' && t.name.trim() ? [t.name.trim()] : []))];
  const first = fields[0] ?? '';
  const problems = pipelineProblems(draft, fields);
  const dirty = JSON.stringify(draft) !== JSON.stringify(stream.pipeline);
  const set = (p: Partial<PipelineSpec>): void => setDraft((d) => ({ ...d, ...p }));

  return (
    <div className="pipeline-editor" data-testid="pipeline-editor">
      {fields.length === 0 && <p className="note">This stream has no known fields yet: start it (or Detect) so the editor can offer them.</p>}
      <Section title="Validation" blurb="Readings that break a rule are stored and flagged, never dropped." count={draft.validation.length} disabled={readOnly} testId="pipe-validation" onAdd={() => set({ validation: [...draft.validation, defaultRule('range', first)] })}>
        {draft.validation.map((r, i) => (
          <Row key={i} disabled={readOnly} onRemove={() => set({ validation: removeAt(draft.validation, i) })}>
            <RuleRow rule={r} fields={allFields} onChange={(x) => set({ validation: replaceAt(draft.validation, i, x) })} />
          </Row>
        ))}
      </Section>
      <Section title="Transforms" blurb="Unit conversion, calibration and derived fields, applied in order." count={draft.transforms.length} disabled={readOnly} testId="pipe-transforms" onAdd={() => set({ transforms: [...draft.transforms, defaultTransform('linear', first)] })}>
        {draft.transforms.map((t, i) => (
          <Row key={i} disabled={readOnly} onRemove={() => set({ transforms: removeAt(draft.transforms, i) })}>
            <TransformRow t={t} fields={allFields} onChange={(x) => set({ transforms: replaceAt(draft.transforms, i, x) })} />
          </Row>
        ))}
      </Section>
      <Section title="Analytics" blurb="Rolling statistics and anomaly flags, drawn over their field in the live view." count={draft.analytics.length} disabled={readOnly} testId="pipe-analytics" onAdd={() => set({ analytics: [...draft.analytics, defaultAnalytic('rolling', first)] })}>
        {draft.analytics.map((a, i) => (
          <Row key={i} disabled={readOnly} onRemove={() => set({ analytics: removeAt(draft.analytics, i) })}>
            <AnalyticRow a={a} fields={allFields} onChange={(x) => set({ analytics: replaceAt(draft.analytics, i, x) })} />
          </Row>
        ))}
      </Section>
      <div className="form-actions pipe-actions">
        <button
          type="button"
          className="primary"
          data-testid="pipeline-apply"
          disabled={readOnly || busy || !dirty || problems.length > 0}
          title={readOnly ? readOnlyHint : undefined}
          onClick={() => {
            setBusy(true);
            void applyPipeline(stream.id, draft).then(() => setBusy(false));
          }}
        >
          Apply
        </button>
        <button type="button" disabled={!dirty || busy} onClick={() => setDraft(stream.pipeline)}>
          Revert
        </button>
        {readOnly ? (
          <span className="hint">{readOnlyHint}</span>
        ) : problems.length > 0 ? (
          <span className="hint warn-text" data-testid="pipeline-problems">
            {problems[0]}
            {problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}
          </span>
        ) : (
          <span className="hint">{dirty ? 'Unapplied changes.' : 'Applied pipeline shown.'}</span>
        )}
      </div>
    </div>
  );
}
