import { Field } from '../../components/Field';
import { startServing } from './actions';
import { refOf, setServeDraft, useServableModels, useServeDraft } from './slice';

/** Version, optional candidate and its share, Start. */
export function StartForm() {
  const models = useServableModels();
  const draft = useServeDraft();
  const refs = models.map(refOf);
  const recs = models.find((m) => refOf(m) === draft.model)?.kind === 'recs';
  return (
    <section className="card serve-card" data-testid="serve-start">
      <h2>Start a model server</h2>
      <p className="muted">HTTP on 127.0.0.1 only. Every prediction is logged to the project for monitoring (not in a read-only project).</p>
      <div className="field-grid">
        <Field label="Version">
          {(id) => (
            <select id={id} data-testid="serve-model" value={draft.model} onChange={(e) => setServeDraft({ model: e.target.value })} disabled={refs.length === 0}>
              {refs.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Candidate (A/B or canary)" hint="A second version that gets a share of the requests.">
          {(id) => (
            <select id={id} data-testid="serve-candidate" value={draft.candidate} onChange={(e) => setServeDraft({ candidate: e.target.value })}>
              <option value="">none</option>
              {refs
                .filter((r) => r !== draft.model)
                .map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
            </select>
          )}
        </Field>
        {draft.candidate !== '' && (
          <Field label={`Candidate share: ${draft.percent}%`}>
            {(id) => (
              <input id={id} type="range" min={0} max={100} step={1} value={draft.percent} data-testid="serve-start-percent" onChange={(e) => setServeDraft({ percent: Number(e.target.value) })} />
            )}
          </Field>
        )}
        {recs && (
          <Field label="Events from (optional)" hint="Besides POST /events: mqtt://HOST/TOPIC, nats://HOST/STREAM?durable=NAME, redis://HOST/KEY?group=NAME, kafka://HOST:PORT/TOPIC?group=NAME or kinesis://STREAM.">
            {(id) => (
              <input id={id} type="text" spellCheck={false} placeholder="nats://127.0.0.1:4222/CLICKS?durable=recs" data-testid="serve-events" value={draft.events} onChange={(e) => setServeDraft({ events: e.target.value })} />
            )}
          </Field>
        )}
      </div>
      <div className="form-actions">
        <button type="button" className="primary" data-testid="serve-start-button" disabled={draft.model === ''} onClick={() => void startServing()}>
          Start serving
        </button>
        {draft.model === '' && <span className="hint">Register a model first.</span>}
      </div>
    </section>
  );
}
