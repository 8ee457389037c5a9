import { useEffect, useState } from 'react';
import { useReadOnly } from '../project';
import { addWatch, loadWatch, removeWatch, useWatchFolders } from './slice';
import './watch.css';

/** Watched folders in the sidebar: add one by path, see each file's status as it changes. */
export function WatchPanel() {
  const folders = useWatchFolders();
  const readOnly = useReadOnly();
  const [path, setPath] = useState('');
  useEffect(() => {
    void loadWatch();
  }, []);
  return (
    <section className="watch-panel" data-testid="watch-panel">
      <div className="sidebar-head">
        <h2>Watched folders</h2>
      </div>
      {!readOnly && (
        <form
          className="watch-add"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) void addWatch(path.trim()).then((ok) => ok && setPath(''));
          }}
        >
          <input type="text" placeholder="/path/to/folder" value={path} data-testid="watch-path" onChange={(e) => setPath(e.target.value)} />
          <button type="submit" className="small" data-testid="watch-add">
            Watch
          </button>
        </form>
      )}
      {folders.map((f) => (
        <div key={f.id} className="watch-folder" data-testid="watch-folder">
          <div className="watch-folder-head">
            <span title={f.path}>{f.path.split(/[\\/]/).pop()}</span>
            <span className="muted">{f.active ? 'watching' : 'paused'}{f.datasetName ? ` → ${f.datasetName}` : ''}</span>
            {!readOnly && !f.active && (
              <button type="button" className="small" onClick={() => void addWatch(f.path)}>
                Resume
              </button>
            )}
            {!readOnly && (
              <button type="button" className="small" aria-label={`Stop watching ${f.path}`} onClick={() => void removeWatch(f.id)}>
                ×
              </button>
            )}
          </div>
          <ul className="watch-files">
            {f.files.map((file) => (
              <li key={file.name} className={`watch-file status-${file.status}`} data-testid={`watch-file-${file.name}`} title={file.reason ?? ''}>
                <span className="name">{file.name}</span> <span className="status">{file.status}</span>
                {file.reason && <div className="reason muted">{file.reason}</div>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
