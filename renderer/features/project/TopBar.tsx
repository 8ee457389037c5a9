import type { ReactNode } from 'react';
import { closeProject, openProject, runCommand } from './actions';
import { useAppInfo, useProject } from './slice';
import './project.css';

/** `children`: the screen's own navigation, shown after the project's name. */
export function TopBar({ children }: { readonly children?: ReactNode }) {
  const project = useProject();
  const backend = useAppInfo()?.backend ?? null;
  if (!project) return null;
  return (
    <>
      <header className="topbar" data-testid="topbar">
        <div className="brand" aria-hidden="true">
          A
        </div>
        <div className="project-title">
          <span className="project-name" data-testid="project-name" title={project.name}>
            {project.name}
          </span>
          <span className="project-path" title={project.path}>
            {project.path}
          </span>
        </div>
        {children}
        {project.readOnly && (
          <span className="badge badge-readonly" data-testid="read-only-badge">
            READ-ONLY
          </span>
        )}
        <div className="spacer" />
        <span className="backend" data-testid="backend" title={backend ? backend.reason : 'Checking which ML runtime works here…'}>
          ML backend: <strong>{backend ? backend.name : 'checking…'}</strong>
          {backend?.gpu && <span data-testid="backend-gpu"> on {backend.gpu.adapter}</span>}
          {backend && <span className="backend-reason" data-testid="backend-reason">{backend.reason}</span>}
        </span>
        <button type="button" data-testid="save-as-button" onClick={() => void runCommand('saveAs')}>
          Save As…
        </button>
        <button type="button" data-testid="close-button" onClick={() => void closeProject()}>
          Close
        </button>
      </header>
      {project.readOnly && (
        <div className="banner banner-readonly" data-testid="read-only-banner" role="note">
          <strong>Review mode.</strong>{' '}
          {project.readOnlyReason ? (
            <span data-testid="read-only-reason">{project.readOnlyReason}</span>
          ) : (
            'This project is open read-only: nothing in it can be changed — no imports, no profiles, no deletes.'
          )}{' '}
          {project.writerGone ? (
            // The host heard the other process let go: the same file, now writable here.
            <button type="button" className="primary" data-testid="reopen-writable" onClick={() => void openProject(project.path, false)}>
              Reopen for editing
            </button>
          ) : (
            <>
              Use <em>Save As</em> to make an editable copy.
            </>
          )}
        </div>
      )}
    </>
  );
}
