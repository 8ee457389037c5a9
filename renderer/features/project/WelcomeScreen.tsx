import { openProject } from './actions';
import { NewProjectForm, OpenProjectForm } from './forms';
import { useAppInfo, useRecent } from './slice';
import './project.css';

export function WelcomeScreen() {
  const recent = useRecent();
  const app = useAppInfo();
  return (
    <main className="welcome" data-testid="welcome">
      <div className="welcome-inner">
        <header className="welcome-head">
          <div className="logo" aria-hidden="true">
            A
          </div>
          <div>
            <h1>Assay</h1>
            <p className="muted">A local machine-learning workbench{app ? ` · v${app.version}` : ''}</p>
          </div>
        </header>
        <div className="welcome-grid">
          <section className="card">
            <h2>New project</h2>
            <NewProjectForm />
          </section>
          <section className="card">
            <h2>Open project</h2>
            <OpenProjectForm />
          </section>
          <section className="card recent-card">
            <h2>Recent projects</h2>
            {recent.length === 0 ? (
              <p className="muted">Projects you open appear here.</p>
            ) : (
              <ul className="recent-list" data-testid="recent-list">
                {recent.map((r) => (
                  <li key={r.path}>
                    <button type="button" className="recent-item" data-testid="recent-item" onClick={() => void openProject(r.path, false)}>
                      <span className="recent-name">{r.name}</span>
                      <span className="recent-path">{r.path}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <p className="muted shortcuts-hint">Ctrl+N new · Ctrl+O open · Ctrl+Shift+S save as · Ctrl+W close</p>
      </div>
    </main>
  );
}
