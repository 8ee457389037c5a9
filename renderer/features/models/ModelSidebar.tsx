import { StageBadge } from './StageBadge';
import { versionIn } from './compare';
import { selectModel, useModels, useModelsLoaded, useSelectedModel } from './slice';

/** Registered models by name, each with its production (or newest) version. */
export function ModelSidebar() {
  const models = useModels();
  const loaded = useModelsLoaded();
  const selected = useSelectedModel();
  return (
    <aside className="sidebar" data-testid="model-sidebar">
      <div className="sidebar-head">
        <h2>Models</h2>
      </div>
      {!loaded ? (
        <p className="sidebar-empty">Loading…</p>
      ) : models.length === 0 ? (
        <p className="sidebar-empty" data-testid="no-models">
          No registered models yet. Open a finished run in Train and choose Register model….
        </p>
      ) : (
        <ul className="dataset-list" data-testid="model-list">
          {models.map((m) => {
            const prod = versionIn(m.versions, 'production');
            const current = m.name === selected?.name;
            return (
              <li key={m.name}>
                <button
                  type="button"
                  className={`dataset-item${current ? ' selected' : ''}`}
                  data-testid="model-item"
                  data-name={m.name}
                  aria-current={current}
                  onClick={() => selectModel(m.name)}
                >
                  <span className="dataset-name" title={m.name}>
                    {m.name}
                  </span>
                  <span className="run-item-meta">
                    <span className="dataset-meta">
                      {m.versions.length} version{m.versions.length === 1 ? '' : 's'}
                      {prod ? ` · v${prod.version}` : ''}
                    </span>
                    {prod && <StageBadge stage="production" />}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}
