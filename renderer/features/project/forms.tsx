import { useState, type FormEvent } from 'react';
import { isElectron, newProject, openProject, pickPath, saveProjectAs } from './actions';
import { useAppInfo } from './slice';

function submitWith(work: () => Promise<unknown>): (e: FormEvent) => void {
  return (e) => {
    e.preventDefault();
    void work();
  };
}

/** The text field, optional native-dialog button and submit button every project form shares. */
function PathRow({
  id,
  placeholder,
  value,
  onChange,
  autoFocus,
  browse,
  submitLabel,
  submitTestId,
}: {
  readonly id: string;
  readonly placeholder: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly autoFocus: boolean;
  readonly browse?: { readonly label: string; readonly pick: () => void };
  readonly submitLabel: string;
  readonly submitTestId: string;
}) {
  return (
    <div className="row">
      <input id={id} data-testid={id} placeholder={placeholder} value={value} autoFocus={autoFocus} onChange={(e) => onChange(e.target.value)} />
      {browse && isElectron() && (
        <button type="button" onClick={browse.pick}>
          {browse.label}
        </button>
      )}
      <button type="submit" className="primary" data-testid={submitTestId} disabled={value.trim() === ''}>
        {submitLabel}
      </button>
    </div>
  );
}

export function NewProjectForm({ autoFocus = false }: { readonly autoFocus?: boolean }) {
  const [name, setName] = useState('');
  const dir = useAppInfo()?.projectsDir ?? '';
  const bare = name.trim() !== '' && !/[\\/]/.test(name);
  const target = bare ? `${dir}/${name.trim().replace(/\.assay$/i, '')}.assay` : name.trim();
  return (
    <form className="form" data-testid="new-project-form" onSubmit={submitWith(() => newProject(name.trim()))}>
      <label htmlFor="new-project-name">Project name</label>
      <PathRow
        id="new-project-name"
        placeholder="e.g. churn-analysis"
        value={name}
        onChange={setName}
        autoFocus={autoFocus}
        browse={{ label: 'Choose…', pick: () => void pickPath('newProject').then((p) => (p ? newProject(p) : false)) }}
        submitLabel="Create"
        submitTestId="new-project-create"
      />
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
      <PathRow
        id="open-project-path"
        placeholder="/path/to/project.assay"
        value={path}
        onChange={setPath}
        autoFocus={autoFocus}
        browse={{ label: 'Browse…', pick: () => void pickPath('openProject').then((p) => p && setPath(p)) }}
        submitLabel="Open"
        submitTestId="open-project-submit"
      />
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
      <PathRow id="save-as-path" placeholder="name or /path/to/copy.assay" value={path} onChange={setPath} autoFocus submitLabel="Save" submitTestId="save-as-submit" />
      <p className="hint">The copy is opened, editable. A bare name is saved in {dir || 'your projects folder'}.</p>
    </form>
  );
}
