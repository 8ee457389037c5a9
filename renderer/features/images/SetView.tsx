import { useEffect, useState } from 'react';
import { imageTrainNumberProblem, type ImageSetSummary, type ImageTrainSpec } from '../../../preload/contract/images';
import { ExecutorSelect } from '../compute';
import { useReadOnly } from '../project';
import { estimate, loadPage, startTraining } from './actions';
import { setFilter, useImagesStore } from './slice';

/** A typed number, or the text itself when it is not one (so the error can quote it). */
function asNumber(text: string): number | string {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

function seconds(s: number): string {
  return s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

/** One image set: class counts, issues, thumbnails, and the training form with its estimate. */
export function SetView({ set }: { readonly set: ImageSetSummary }) {
  const filter = useImagesStore((s) => s.filter);
  const page = useImagesStore((s) => s.page);
  const est = useImagesStore((s) => s.estimate);
  const estimating = useImagesStore((s) => s.estimating);
  const readOnly = useReadOnly();
  const [head, setHead] = useState<'logreg' | 'dense'>('logreg');
  const [epochs, setEpochs] = useState('50');
  const [inputSize, setInputSize] = useState('224');
  const [blocks, setBlocks] = useState('0');
  const [fineTuneEpochs, setFineTuneEpochs] = useState('5');
  // '' is the default executor (Train → Compute); not part of the estimate's key: the estimate measures this machine.
  const [executor, setExecutor] = useState('');
  // The estimate belongs to the spec it was measured for; Train needs one for the spec as it stands.
  const [estimatedKey, setEstimatedKey] = useState<string | null>(null);

  useEffect(() => {
    void loadPage(set.id, filter);
  }, [set.id, filter]);

  // Each shown number as typed, checked against the contract's ranges: an empty or wrong field is an error, never a default.
  type Field = 'epochs' | 'inputSize' | 'fineTuneBlocks' | 'fineTuneEpochs';
  const typed: Partial<Record<Field, string>> = { inputSize, fineTuneBlocks: blocks, ...(head === 'dense' ? { epochs } : {}), ...(Number(blocks) > 0 ? { fineTuneEpochs } : {}) };
  const fields = Object.keys(typed) as Field[];
  const errors: Partial<Record<Field, string | null>> = Object.fromEntries(fields.map((f) => [f, imageTrainNumberProblem(f, asNumber(typed[f]!))]));
  const invalid = fields.some((f) => errors[f] !== null);
  const spec: ImageTrainSpec = { imageSetId: set.id, head, ...Object.fromEntries(fields.map((f) => [f, Number(typed[f])])) };
  const key = JSON.stringify(spec);
  const numberField = (label: string, field: Field, value: string, set: (v: string) => void, testId: string, size = 4, title?: string) => (
    <label title={title}>
      {label}{' '}
      <input data-testid={testId} value={value} onChange={(e) => set(e.target.value)} size={size} inputMode="numeric" aria-invalid={Boolean(errors[field])} />
      {errors[field] ? (
        <span className="field-error" data-testid={`${testId}-error`}>
          {errors[field]}
        </span>
      ) : null}
    </label>
  );
  const estimated = est !== null && estimatedKey === key;
  const runEstimate = (): void => {
    setEstimatedKey(key);
    void estimate(spec);
  };
  const filterKey = typeof filter === 'string' ? filter : `label:${filter.label}`;
  return (
    <div className="images-set" data-testid="image-set">
      <div className="dataset-head">
        <div>
          <h1 data-testid="image-set-title">{set.name}</h1>
          <p className="muted">
            {set.usable.toLocaleString('en-US')} usable images in {set.classes.length} classes · split {set.splitCounts.train} train / {set.splitCounts.validation} validation /{' '}
            {set.splitCounts.test} test (seed {set.seed}){set.issues > 0 ? ` · ${set.issues} not used` : ''}
          </p>
        </div>
      </div>
      <section className="image-train-form" data-testid="image-train-form">
        <h2>Train a classifier</h2>
        <p className="muted">
          MobileNetV2 (bundled, offline) as a frozen feature extractor and a new head on its cached features: logistic regression (its penalty chosen on the validation images) or a dense layer trained for up to the epochs below; then refitted on training + validation images. Fine-tuning its top blocks is kept only if it beats the head on validation.
        </p>
        <div className="form-row">
          <label>
            Head{' '}
            <select data-testid="img-head" value={head} onChange={(e) => setHead(e.target.value === 'dense' ? 'dense' : 'logreg')}>
              <option value="logreg">logistic regression</option>
              <option value="dense">dense</option>
            </select>
          </label>
          {head === 'dense' ? numberField('Epochs', 'epochs', epochs, setEpochs, 'img-epochs', 4, 'At most this many passes; early stopping on validation keeps the best one.') : null}
          <label>
            Input size{' '}
            <select data-testid="img-input-size" value={inputSize} onChange={(e) => setInputSize(e.target.value)}>
              {['96', '128', '160', '192', '224'].map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </label>
          {numberField('Fine-tune blocks', 'fineTuneBlocks', blocks, setBlocks, 'img-blocks', 3)}
          {Number(blocks) > 0 ? numberField('Fine-tune epochs', 'fineTuneEpochs', fineTuneEpochs, setFineTuneEpochs, 'img-ft-epochs', 3) : null}
          <label title="The whole training run goes to this machine or cluster; Train → Compute adds clusters.">
            Run on <ExecutorSelect testId="img-executor" value={executor} onChange={setExecutor} />
          </label>
        </div>
        <div className="form-row">
          <button onClick={runEstimate} disabled={estimating || invalid} data-testid="img-estimate">
            {estimating ? 'Measuring…' : 'Estimate'}
          </button>
          <button
            className="primary"
            onClick={() => (estimated ? void startTraining(executor ? { ...spec, executor } : spec) : runEstimate())}
            disabled={readOnly || estimating || invalid}
            data-testid="img-train"
            title={readOnly ? 'This project is open read-only.' : invalid ? 'Fix the settings marked in red first.' : estimated ? undefined : 'Measures time and memory first; click again to start.'}
          >
            {estimated && est ? `Train (≈ ${seconds(est.seconds)}, ${Math.round(est.peakMemoryMB)} MB)` : 'Estimate, then train'}
          </button>
        </div>
        {est && estimated ? (
          <p className="estimate" data-testid="img-estimate-result">
            About <b>{seconds(est.seconds)}</b> and <b>{Math.round(est.peakMemoryMB)} MB</b> peak memory: {est.detail}.
          </p>
        ) : null}
      </section>
      <div className="class-chips" data-testid="class-counts">
        <button className={filterKey === 'all' ? 'chip active' : 'chip'} onClick={() => setFilter('all')}>
          all
        </button>
        {set.classes.map((c, k) => (
          <button key={c} className={filterKey === `label:${c}` ? 'chip active' : 'chip'} onClick={() => setFilter({ label: c })} data-testid={`class-${c}`}>
            {c} <span className="count">{set.counts[k]}</span>
          </button>
        ))}
        {set.issues > 0 ? (
          <button className={filterKey === 'issues' ? 'chip active warn' : 'chip warn'} onClick={() => setFilter('issues')} data-testid="issues-chip">
            issues <span className="count">{set.issues}</span>
          </button>
        ) : null}
      </div>
      <div className="thumb-grid" data-testid="thumb-grid">
        {page?.images.map((img) => (
          <figure key={img.id} className={`thumb ${img.status}`} title={img.issue ?? img.path} data-testid="thumb">
            {img.thumbnail ? <img src={img.thumbnail} alt={img.label} /> : <div className="thumb-missing">{img.status}</div>}
            <figcaption>
              {img.label}
              {img.status !== 'ok' ? <span className="issue" data-testid="thumb-issue">{img.issue}</span> : <span className="split">{img.split}</span>}
            </figcaption>
          </figure>
        ))}
      </div>
      {page && page.total > page.images.length ? <p className="muted">{page.images.length} of {page.total} shown</p> : null}
    </div>
  );
}
