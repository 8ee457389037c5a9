import { useEffect, useMemo, useState } from 'react';
import type { ImageRunSummary, PhaseCurve, PhaseResult } from '../../../preload/contract/images';
import { PlotlyChart } from '../../components/PlotlyChart';
import { useJobsStore } from '../jobs';
import { cancelTraining, exportRun, loadThumbs } from './actions';
import { defaultModelName } from '../models';
import { RegisterModel, ReplayRun } from '../train';
import { confusionHeatmap } from './confusion-plot';
import { curveFigures, runCurves } from './curve-plot';
import { useImageRunLabel } from './run-number';
import { useImagesStore } from './slice';

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

function PhaseColumn({ run, phase }: { readonly run: ImageRunSummary; readonly phase: PhaseResult }) {
  const thumbs = useImagesStore((s) => s.thumbs);
  const chart = useMemo(() => confusionHeatmap(run.classes, phase.confusion, `Phase ${phase.phase} confusion (test split)`), [run.classes, phase]);
  return (
    <div className="phase-col" data-testid={`phase-${phase.phase}`}>
      <h2>
        Phase {phase.phase} {phase.phase === 1 ? '(frozen backbone, new head)' : `(fine-tuned ${run.spec.fineTuneBlocks} blocks)`}
      </h2>
      <div className="metric-cards">
        <div className="metric-card">
          <span className="muted">accuracy</span>
          <b data-testid={`phase-${phase.phase}-accuracy`}>{pct(phase.accuracy)}</b>
        </div>
        <div className="metric-card">
          <span className="muted">macro F1</span>
          <b>{phase.macro_f1.toFixed(3)}</b>
        </div>
        {Object.entries(phase.topK)
          .filter(([k]) => k !== '1')
          .map(([k, v]) => (
            <div className="metric-card" key={k}>
              <span className="muted">top-{k}</span>
              <b>{pct(v)}</b>
            </div>
          ))}
      </div>
      <table className="per-class">
        <thead>
          <tr>
            <th>class</th>
            <th>precision</th>
            <th>recall</th>
            <th>F1</th>
            <th>support</th>
          </tr>
        </thead>
        <tbody>
          {phase.perClass.map((c) => (
            <tr key={c.label}>
              <td>{c.label}</td>
              <td>{c.precision.toFixed(3)}</td>
              <td>{c.recall.toFixed(3)}</td>
              <td>{c.f1.toFixed(3)}</td>
              <td>{c.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PlotlyChart data={chart.data} layout={chart.layout} testId={`confusion-${phase.phase}`} />
      <h3>Misclassified ({phase.misclassified.length})</h3>
      <div className="thumb-grid small" data-testid={`misclassified-${phase.phase}`}>
        {phase.misclassified.map((m) => (
          <figure key={m.imageId} className="thumb" title={m.path}>
            {thumbs[m.imageId] ? <img src={thumbs[m.imageId]} alt={m.label} /> : <div className="thumb-missing">…</div>}
            <figcaption>
              {m.label} → <b>{m.predicted}</b> {pct(m.confidence)}
            </figcaption>
          </figure>
        ))}
        {phase.misclassified.length === 0 ? <p className="muted">None: every test image was classified correctly.</p> : null}
      </div>
    </div>
  );
}

/** One phase's loss and accuracy, train and validation, redrawn as the worker writes each epoch. */
function PhaseCurves({ curve }: { readonly curve: PhaseCurve }) {
  const fig = useMemo(() => curveFigures(curve), [curve]);
  const last = curve.history[curve.history.length - 1];
  return (
    <div className="curve-col" data-testid={`curves-${curve.phase}`} data-points={curve.history.length}>
      <h3>
        Phase {curve.phase}: {curve.title}
        <span className="muted">
          {' '}
          · {curve.history.length} {curve.unit === 'epoch' ? 'epochs' : 'iterations'}
          {last && !Number.isNaN(last.valAccuracy) ? ` · validation accuracy ${pct(last.valAccuracy)}` : ''}
        </span>
      </h3>
      <div className="curve-pair">
        <PlotlyChart data={fig.loss.data} layout={fig.loss.layout} testId={`curve-loss-${curve.phase}`} />
        <PlotlyChart data={fig.accuracy.data} layout={fig.accuracy.layout} testId={`curve-accuracy-${curve.phase}`} />
      </div>
    </div>
  );
}

/** A training run: progress while it runs; then phase 1 and phase 2 side by side, and predictions on dropped images. */
export function RunView({ run }: { readonly run: ImageRunSummary }) {
  const job = useJobsStore((s) => Object.values(s.byId).find((j) => j.runId === run.runId && j.kind === 'images-train' && (j.status === 'running' || j.status === 'queued')));
  const predictions = useImagesStore((s) => s.predictions);
  const predicting = useImagesStore((s) => s.predicting);
  const [folder, setFolder] = useState('');
  const curves = useMemo(() => runCurves(run), [run]);
  const runLabel = useImageRunLabel();
  useEffect(() => {
    void loadThumbs(run.phases.flatMap((p) => p.misclassified.map((m) => m.imageId)));
  }, [run]);
  return (
    <div className="image-run" data-testid="image-run" data-status={run.status}>
      <div className="dataset-head">
        <div>
          <h1>
            Run {runLabel(run.runId)} · {run.imageSetName}
          </h1>
          <p className="muted">
            {run.backbone ? `${run.backbone.name} @ ${run.backbone.inputSize}px (${run.backbone.features} features, pixels ${run.backbone.scaling})` : 'MobileNetV2'} · {run.classes.length || '…'} classes ·{' '}
            <span data-testid="image-run-status">{run.status}</span>
            {run.seconds !== null ? ` in ${run.seconds.toFixed(0)} s` : ''}
          </p>
        </div>
        {run.status === 'running' ? (
          <button onClick={() => void cancelTraining(run.runId)} data-testid="img-cancel">
            Cancel
          </button>
        ) : null}
      </div>
      {run.status === 'running' && job?.progress ? (
        <div className="progress-block" data-testid="img-progress">
          <div className="progress">
            <div className="bar" style={{ width: `${Math.round(job.progress.value * 100)}%` }} />
          </div>
          <span className="muted">
            {job.progress.title}: {job.progress.detail}
          </span>
        </div>
      ) : null}
      {run.error ? <p className="error-text" data-testid="image-run-error">{run.error}</p> : null}
      {curves.length > 0 ? (
        <section className="curves" data-testid="image-curves">
          {curves.map((c) => (
            <PhaseCurves key={c.phase} curve={c} />
          ))}
        </section>
      ) : null}
      {run.notes.map((n) => (
        <p key={n} className="muted note" data-testid="image-run-note">
          {n}
        </p>
      ))}
      {run.status === 'succeeded' ? (
        <div className="run-actions">
          <ReplayRun runId={run.runId} kind="images" />
          <RegisterModel runId={run.runId} defaultName={defaultModelName(run.imageSetName, 'classifier')} />
        </div>
      ) : null}
      <div className="phases">
        {run.phases.map((p) => (
          <PhaseColumn key={p.phase} run={run} phase={p} />
        ))}
      </div>
      {run.status === 'succeeded' ? (
        <section className="predict-drop" data-testid="predict-drop">
          <h2>Predict</h2>
          <p className="muted">Drop images anywhere on the window to classify them with this run&apos;s {run.phases.length > 1 ? 'fine-tuned' : ''} model.</p>
          {predicting ? <p className="muted">Classifying…</p> : null}
          {predictions.length > 0 ? (
            <table className="predictions" data-testid="predictions">
              <tbody>
                {predictions.map((p, i) => (
                  <tr key={`${p.path}-${i}`}>
                    <td>{p.path.split(/[\\/]/).pop()}</td>
                    <td data-testid="prediction-label">{p.error ? <span className="error-text">{p.error}</span> : <b>{p.label}</b>}</td>
                    <td>{p.error ? '' : p.top.map((t) => `${t.label} ${pct(t.probability)}`).join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <div className="form-row">
            <input placeholder="/path/to/empty/folder" value={folder} onChange={(e) => setFolder(e.target.value)} data-testid="img-export-folder" />
            <button onClick={() => void exportRun(run.runId, folder)} disabled={!folder.trim()} data-testid="img-export">
              Export (TF.js + preprocessing.json)
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
