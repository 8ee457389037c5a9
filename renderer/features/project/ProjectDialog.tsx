import { useEffect } from 'react';
import { NewProjectForm, OpenProjectForm, SaveAsForm } from './forms';
import { setDialog, useDialog } from './slice';

const titles = { new: 'New project', open: 'Open project', saveAs: 'Save project as' } as const;

export function ProjectDialog() {
  const dialog = useDialog();
  useEffect(() => {
    if (!dialog) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setDialog(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog]);
  if (!dialog) return null;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setDialog(null)}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={titles[dialog]} data-testid={`dialog-${dialog}`}>
        <div className="modal-head">
          <h2>{titles[dialog]}</h2>
          <button type="button" className="dismiss" aria-label="Close" onClick={() => setDialog(null)}>
            ×
          </button>
        </div>
        {dialog === 'new' && <NewProjectForm autoFocus />}
        {dialog === 'open' && <OpenProjectForm autoFocus />}
        {dialog === 'saveAs' && <SaveAsForm />}
      </div>
    </div>
  );
}
