import { useEffect } from 'react';
import { TabBar } from '../../components/TabBar';
import { preloadPlotly } from '../../lib/plotly';
import { useReadOnly } from '../project';
import { reportError } from '../toasts';
import { loadRuns } from './actions';
import { CompareView } from './CompareView';
import { ComputeSection } from '../compute';
import { RunSidebar } from './RunSidebar';
import { RunView } from './RunView';
import { SetupForm } from './SetupForm';
import { setTrainView, useCompareIds, useSelectedRunId, useTrainStore, useTrainView, type TrainView } from './slice';
import './train.css';
import { useRunLabel } from './run-number';

/** The Train area: runs on the left; a new run's setup, one run, or the comparison on the right. */
export function TrainScreen() {
  const view = useTrainView();
  const selectedId = useSelectedRunId();
  const compareCount = useCompareIds().length;
  const readOnly = useReadOnly();
  const label = useRunLabel();
  useEffect(() => {
    loadRuns().catch(reportError);
    // Every finished run is plotted: have Plotly ready before the first one ends.
    preloadPlotly();
  }, []);
  // A read-only project can start no run: it opens on the runs table, what there is to review ("New…" still shows the form).
  useEffect(() => {
    if (readOnly && useTrainStore.getState().view === 'setup') setTrainView('compare');
  }, [readOnly]);
  const tabs: { readonly id: TrainView; readonly label: string }[] = [
    { id: 'setup', label: 'New run' },
    ...(selectedId !== null ? [{ id: 'run' as const, label: `Run ${label(selectedId)}` }] : []),
    { id: 'compare', label: compareCount > 0 ? `Compare (${compareCount})` : 'Compare' },
    { id: 'compute', label: 'Compute' },
  ];
  return (
    <div className="workspace" data-testid="train-screen">
      <RunSidebar />
      <main className="main train-main">
        <div className="train-head">
          <h1>{view === 'setup' ? 'New training run' : view === 'compare' ? 'Compare runs' : view === 'compute' ? 'Compute' : 'Training run'}</h1>
          <TabBar items={tabs} value={view} onChange={setTrainView} testIdPrefix="train-view-" label="Train view" />
        </div>
        <div className="train-body">
          {view === 'compute' ? <ComputeSection /> : view === 'compare' ? <CompareView /> : view === 'run' && selectedId !== null ? <RunView key={selectedId} runId={selectedId} /> : <SetupForm />}
        </div>
      </main>
    </div>
  );
}
