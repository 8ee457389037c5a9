import { useEffect } from 'react';
import { preloadPlotly } from '../../lib/plotly';
import { reportError } from '../toasts';
import { loadServing } from './actions';
import { ServerPanel } from './ServerPanel';
import { StartForm } from './StartForm';
import { useServableModels, useServers } from './slice';
import './serving.css';

/** The Serve area: registered versions on the left, running servers (or the start form) on the right. */
export function ServeScreen() {
  const models = useServableModels();
  const servers = useServers();
  useEffect(() => {
    loadServing().catch(reportError);
    preloadPlotly();
  }, []);
  return (
    <div className="workspace" data-testid="serve-screen">
      <aside className="sidebar" data-testid="serve-sidebar">
        <div className="sidebar-head">
          <h2>Registered models</h2>
        </div>
        {models.length === 0 ? (
          <p className="sidebar-empty" data-testid="no-models">
            No registered model yet. Train a run, then register it (assay register FILE RUN_ID --name NAME).
          </p>
        ) : (
          <ul className="dataset-list" data-testid="serve-models">
            {models.map((m) => (
              <li key={`${m.model}@${m.version}`} className="dataset-item" data-testid="serve-model-item">
                <span className="dataset-name">
                  {m.model} v{m.version}
                </span>
                <span className="dataset-meta">
                  {m.task} · {m.stage === 'none' ? 'no stage' : m.stage} · {m.kind === 'image' ? 'image input' : `${m.inputColumns.length} inputs`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </aside>
      <main className="main serve-main">
        <div className="train-head">
          <h1>Serve</h1>
        </div>
        <div className="serve-body">
          {servers.map((s) => (
            <ServerPanel key={s.serverId} server={s} />
          ))}
          {servers.length === 0 && <StartForm />}
        </div>
      </main>
    </div>
  );
}
