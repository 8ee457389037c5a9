import { useEffect, useState } from 'react';
import { useReadOnly } from '../project';
import { reportError } from '../toasts';
import { importImages, loadImages } from './actions';
import { useImageRunLabel } from './run-number';
import { RunView } from './RunView';
import { SetView } from './SetView';
import { showRun, showSet, useImageRuns, useImageSets, useImagesView } from './slice';
import './images.css';

/** Project screen → Images: image sets on the left with their runs, the selected set or run on the right. */
export function ImagesScreen() {
  const sets = useImageSets();
  const runs = useImageRuns();
  const runLabel = useImageRunLabel();
  const view = useImagesView();
  const readOnly = useReadOnly();
  const [folder, setFolder] = useState('');
  useEffect(() => {
    loadImages().catch(reportError);
  }, []);
  const set = view.kind === 'set' ? sets.find((s) => s.id === view.setId) : undefined;
  const run = view.kind === 'run' ? runs.find((r) => r.runId === view.runId) : undefined;
  return (
    <div className="workspace images-screen" data-testid="images-screen">
      <aside className="sidebar">
        <form
          className="image-import"
          onSubmit={(e) => {
            e.preventDefault();
            void importImages(folder);
          }}
        >
          <input placeholder="Folder of class subfolders, or a CSV" value={folder} onChange={(e) => setFolder(e.target.value)} data-testid="image-folder" disabled={readOnly} />
          <button type="submit" disabled={readOnly || !folder.trim()} data-testid="image-import">
            Import images
          </button>
        </form>
        <h3>Image sets</h3>
        <ul className="list" data-testid="image-sets">
          {sets.map((s) => (
            <li key={s.id}>
              <button className={set?.id === s.id ? 'item active' : 'item'} onClick={() => showSet(s.id)}>
                {s.name} <span className="muted">{s.usable}</span>
              </button>
            </li>
          ))}
          {sets.length === 0 ? <li className="muted">None yet: import a folder with one subfolder per class.</li> : null}
        </ul>
        <h3>Runs</h3>
        <ul className="list" data-testid="image-runs">
          {runs.map((r) => (
            <li key={r.runId}>
              <button className={run?.runId === r.runId ? 'item active' : 'item'} onClick={() => showRun(r.runId)} data-testid={`image-run-${r.runId}`}>
                {runLabel(r.runId)} {r.imageSetName}{' '}
                <span className="muted">{r.status === 'succeeded' && r.phases.length ? `${(r.phases[r.phases.length - 1]!.accuracy * 100).toFixed(0)}%` : r.status}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <main className="main">
        {set ? <SetView set={set} /> : run ? <RunView run={run} /> : <div className="empty-state big" data-testid="no-image-set"><h2>Import a folder of images</h2><p className="muted">One subfolder per class (PNG, JPEG, WebP), or a CSV of path,label.</p></div>}
      </main>
    </div>
  );
}
