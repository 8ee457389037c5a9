import { useEffect } from 'react';
import { TabBar } from '../../components/TabBar';
import { ExportDialog } from '../export';
import { loadImageRuns } from '../images';
import { useReadOnly } from '../project';
import { reportError } from '../toasts';
import { loadRuns } from '../train';
import { loadModels, rollback } from './actions';
import { CardEditor } from './CardEditor';
import { CompareVersions } from './CompareVersions';
import { versionIn } from './compare';
import { ModelSidebar } from './ModelSidebar';
import { readOnlyReason, setModelsView, useCardVersion, useModelsView, useSelectedModel, type ModelsView } from './slice';
import { VersionsTable } from './VersionsTable';
import './models.css';

const tabs: readonly { readonly id: ModelsView; readonly label: string }[] = [
  { id: 'versions', label: 'Versions' },
  { id: 'compare', label: 'Compare' },
];

/** The Models area: registered models on the left; the selected one's versions, card and comparison on the right. */
export function ModelsScreen() {
  const model = useSelectedModel();
  const view = useModelsView();
  const cardVersion = useCardVersion();
  const readOnly = useReadOnly() ? readOnlyReason : null;
  useEffect(() => {
    loadModels().catch(reportError);
    // The runs give the comparison its parameters and preprocessing.
    loadRuns().catch(reportError);
    // Versions name their run as the Train and Images areas number it.
    loadImageRuns().catch(reportError);
  }, []);
  const shown = model ? (model.versions.find((v) => v.version === cardVersion) ?? model.versions[0]) : undefined;
  const production = model ? versionIn(model.versions, 'production') : null;
  return (
    <div className="workspace" data-testid="models-screen">
      <ModelSidebar />
      <main className="main train-main">
        {!model ? (
          <div className="empty-state big" data-testid="no-model-selected">
            <h2>No registered models</h2>
            <p className="muted">Train a model, open the finished run and choose Register model… to give it a name and versions.</p>
          </div>
        ) : (
          <>
            <div className="train-head">
              <div>
                <h1 data-testid="model-title">{model.name}</h1>
                <p className="muted">
                  {model.versions.length} version{model.versions.length === 1 ? '' : 's'} · {production ? `v${production.version} in production` : 'nothing in production'} ·
                  registered {model.createdAt.slice(0, 10)}
                </p>
              </div>
              <div className="model-actions">
                <button
                  type="button"
                  data-testid="rollback-button"
                  disabled={readOnly !== null || !production}
                  title={readOnly ?? (production ? 'Put the version that was in production before this one back' : 'Nothing is in production')}
                  onClick={() => void rollback(model.name)}
                >
                  Roll back production
                </button>
                <TabBar items={tabs} value={view} onChange={setModelsView} testIdPrefix="models-view-" label="Models view" />
              </div>
            </div>
            {readOnly && (
              <p className="train-problem read-only-note" data-testid="models-read-only">
                {readOnly}
              </p>
            )}
            <div className="train-body models-body" data-testid="model-view" data-name={model.name}>
              {view === 'compare' ? (
                <CompareVersions model={model} />
              ) : (
                <>
                  <VersionsTable model={model} cardVersion={shown?.version ?? -1} readOnly={readOnly} />
                  {shown && <CardEditor key={`${model.name}@${shown.version}`} version={shown} readOnly={readOnly} />}
                </>
              )}
            </div>
          </>
        )}
      </main>
      <ExportDialog />
    </div>
  );
}
