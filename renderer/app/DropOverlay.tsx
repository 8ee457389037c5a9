import { useEffect, useState } from 'react';
import { openWizard } from '../features/import-wizard/actions';
import { filesOfDrop } from '../features/import-wizard/folder-drop';
import { useProject, useProjectStore } from '../features/project/slice';
import { pushToast } from '../features/toasts/slice';
import { importDroppedFolder, predictFiles } from '../features/images/actions';
import { getTransport } from '../lib/client';
import { useImagesStore } from '../features/images/slice';
import { useSectionStore } from './section';

function hasFiles(e: DragEvent): boolean {
  return e.dataTransfer !== null && [...e.dataTransfer.types].includes('Files');
}

/** Files or folders dropped anywhere on the window open the import wizard; the overlay says so while dragging. */
export function DropOverlay() {
  const [dragging, setDragging] = useState(false);
  const project = useProject();

  useEffect(() => {
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const leave = (e: DragEvent): void => {
      // Leaving for a child element fires dragleave too; only leaving the window counts.
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      if (!e.dataTransfer || e.dataTransfer.items.length === 0) return;
      if (!useProjectStore.getState().project) {
        pushToast('info', 'Create or open a project first, then drop the file again.');
        return;
      }
      const inImages = useSectionStore.getState().section === 'images';
      // Read before the walk: a drop's items are readable only during the event.
      const folders = [...e.dataTransfer.items].filter((i) => i.webkitGetAsEntry()?.isDirectory === true).length;
      const folderPath = folders === 1 && e.dataTransfer.files.length === 1 ? (getTransport().api.pathForFile?.(e.dataTransfer.files[0]!) ?? null) : null;
      // Folders are walked now, while the drop's items are still readable.
      filesOfDrop(e.dataTransfer).then(
        (files) => {
          if (!inImages) return openWizard(files);
          // In the Images area a folder becomes an image set; images dropped on a trained run are classified.
          if (folders > 0) return importDroppedFolder(files, folderPath);
          const { view, runs } = useImagesStore.getState();
          const run = view.kind === 'run' ? runs.find((r) => r.runId === view.runId) : undefined;
          if (run?.status === 'succeeded') void predictFiles(run.runId, files);
          else pushToast('info', 'Drop a folder with one subfolder per class to import a set, or open a finished image run and drop images on it to classify them.');
        },
        (err: unknown) => pushToast('error', `Could not read the dropped folder: ${String(err)}`),
      );
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!dragging) return null;
  if (project?.readOnly) {
    // Promising an import that the drop will refuse misleads: say what happens instead.
    return (
      <div className="drop-overlay read-only" data-testid="drop-overlay" data-read-only="true">
        <div className="drop-box">
          <div className="drop-icon" aria-hidden="true">
            🔒
          </div>
          <div className="drop-title">{project.name} is open read-only</div>
          <div className="drop-sub">Dropping imports nothing. Use Save As for an editable copy, then drop the file there.</div>
        </div>
      </div>
    );
  }
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-box">
        <div className="drop-icon" aria-hidden="true">
          ⤓
        </div>
        <div className="drop-title">{useSectionStore.getState().section === 'images' ? 'Drop a class folder to import, or images to classify' : 'Drop to import'}</div>
        <div className="drop-sub">{project ? `into ${project.name}` : 'open a project first'}</div>
      </div>
    </div>
  );
}
