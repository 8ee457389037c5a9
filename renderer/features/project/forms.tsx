import { useState, type FormEvent } from 'react';
import { isElectron, newProject, openProject, pickPath, saveProjectAs } from './actions';
import { useAppInfo } from './slice';

function submitWith(work: () => Promise<unknown>): (e: FormEvent) => void {
  return (e) => {
    e.preventDefault();
    void work();
  };
}

export function NewProjectForm({ autoFocus = false }: { readonly autoFocus?: boolean }) {
  const [name, setName] = useState('');
  const dir = useAppInfo()?.projectsDir ?? '';
  const bare = name.trim() !== '' && !/[\\/]/.test(name);
  const target = bare ? `${dir}/${name.trim().replace(/\.assay$/i, '')}.assay` : name.trim();
  return (
    <form className="form" data-testid="new-project-form" onSubmit={submitWith(() => newProject(name.trim()))}>
      <label htmlFor="new-project-name">Project name</label>
      <div className="row">
        <input
          id="new-project-name"
          data-testid="new-project-name"
          placeholder="e.g. churn-analysis"
          value={name}
          autoFocus={autoFocus}
          onChange={(e) => setName(e.target.value)}
        />
        {isElectron() && (
          <button type="button" onClick={() => void pickPath('newProject').then((p) => (p ? newProject(p) : false))}>
            Choose…
          </button>
        )}
        <button type="submit" className="primary" data-testid="new-project-create" disabled={name.trim() === ''}>
          Create
        </button>
      </div>
      <p className="hint">{target ? `Creates ${target}` : `A bare name is saved in ${dir || 'your projects folder'}.`}</p>
    </form>
  );
}

export function OpenProjectForm({ autoFocus = false }: { readonly autoFocus?: boolean }) {
  const [path, setPath] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  return (
    <form className="form" data-testid="open-project-form" onSubmit={submitWith(() => openProject(path.trim(), readOnly))}>
      <label htmlFor="open-project-path">Project file</label>
      <div className="row">
        <input
          id="open-project-path"
          data-testid="open-project-path"
          placeholder="/path/to/project.assay"
          value={path}
          autoFocus={autoFocus}
          onChange={(e) => setPath(e.target.value)}
        />
        {isElectron() && (
          <button type="button" onClick={() => void pickPath('openProject').then((p) => p && setPath(p))}>
            Browse…
          </button>
        )}
        <button type="submit" className="primary" data-testid="open-project-submit" disabled={path.trim() === ''}>
          Open
        </button>
      </div>
      <label className="check">
        <input type="checkbox" data-testid="open-read-only" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
        Open read-only (review) — nothing in the project can be changed
      </label>
    </form>
  );
}

export function SaveAsForm() {
  const [path, setPath] = useState('');
  const dir = useAppInfo()?.projectsDir ?? '';
  return (
    <form className="form" data-testid="save-as-form" onSubmit={submitWith(() => saveProjectAs(path.trim()))}>
      <label htmlFor="save-as-path">Save a copy as</label>
      <div className="row">
        <input
          id="save-as-path"
          data-testid="save-as-path"
          placeholder="name or /path/to/copy.assay"
          value={path}
          autoFocus
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" className="primary" data-testid="save-as-submit" disabled={path.trim() === ''}>
          Save
        </button>
      </div>
      <p className="hint">The copy is opened, editable. A bare name is saved in {dir || 'your projects folder'}.</p>
    </form>
  );
}
