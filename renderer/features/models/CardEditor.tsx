import { useState } from 'react';
import type { ModelCard, ModelVersion } from '../../../preload/contract/registry';
import { saveCard } from './actions';

const fields: readonly { readonly key: keyof ModelCard; readonly label: string; readonly hint: string }[] = [
  { key: 'intendedUse', label: 'Intended use', hint: 'What the model is for, and for whom.' },
  { key: 'data', label: 'Data', hint: 'What it was trained on, and how it was split.' },
  { key: 'metrics', label: 'Metrics', hint: 'How well it does, and how that was measured.' },
  { key: 'limits', label: 'Limits', hint: 'Where it should not be trusted.' },
];

/** The model card of one version: four texts, saved together. Mount with a key per version. */
export function CardEditor({ version, readOnly }: { readonly version: ModelVersion; readonly readOnly: string | null }) {
  const [draft, setDraft] = useState<ModelCard>(version.card);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const dirty = fields.some((f) => draft[f.key] !== version.card[f.key]);
  const save = async (): Promise<void> => {
    setSaving(true);
    const ok = await saveCard(version.name, version.version, draft);
    setSaving(false);
    setSaved(ok);
  };
  return (
    <section className="card card-editor" data-testid="card-editor" data-version={version.version} aria-label="Model card">
      <div className="card-editor-head">
        <h2>
          Model card · {version.name} v{version.version}
        </h2>
        {saved && !dirty && (
          <span className="muted" data-testid="card-saved">
            Saved.
          </span>
        )}
      </div>
      <div className="card-fields">
        {fields.map((f) => (
          <label key={f.key} className="field">
            <span className="field-label">{f.label}</span>
            <textarea
              data-testid={`card-${f.key}`}
              value={draft[f.key]}
              readOnly={readOnly !== null}
              rows={4}
              placeholder={f.hint}
              onChange={(e) => {
                setSaved(false);
                setDraft({ ...draft, [f.key]: e.target.value });
              }}
            />
          </label>
        ))}
      </div>
      <div className="form-actions">
        <button type="button" className="primary" data-testid="card-save" disabled={readOnly !== null || !dirty || saving} title={readOnly ?? undefined} onClick={() => void save()}>
          Save card
        </button>
        <button type="button" data-testid="card-revert" disabled={!dirty || saving} onClick={() => setDraft(version.card)}>
          Revert
        </button>
        {readOnly && <span className="muted">{readOnly}</span>}
      </div>
    </section>
  );
}
