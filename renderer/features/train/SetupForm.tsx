import { useEffect, useMemo, useRef, useState } from 'react';
import { loadProfile, useDatasets, useSelectedId } from '../datasets';
import { useProfileEntry } from '../profile';
import { useReadOnly } from '../project';
import { Field } from '../../components/Field';
import { startRun, type StartProblem } from './actions';
import { FeatureChecklist } from './FeatureChecklist';
import { buildSpec, draftForDataset, effectiveTask, fitToTask, withTarget, type TrainDraft } from './form';
import { latestRunFor } from './runs-table';
import { PositiveClassField, PreprocessFields, TaskModelFields, TuningFields, ValidationFields } from './SetupFields';
import { targetClassCounts } from './positive-class';
import { setDraft, useDraft, useRunsById } from './slice';
import { plural } from '../../../preload/contract';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const startKeys = isMac ? '⌘↩' : 'Ctrl+Enter';

/** Dataset → target → features → model and validation → Start. The draft lives in the store. */
export function SetupForm() {
  const datasets = useDatasets();
  const selectedDatasetId = useSelectedId();
  const draft = useDraft();
  const readOnly = useReadOnly();
  const runs = useRunsById();
  const [starting, setStarting] = useState(false);
  const [problem, setProblem] = useState<StartProblem | null>(null);

  const dataset = datasets.find((d) => d.id === draft.datasetId) ?? null;
  const columns = dataset?.columns ?? null;
  const profile = useProfileEntry(draft.datasetId);
  const targetColumn = columns?.find((c) => c.name === draft.target);
  const targetProfile = profile && profile !== 'loading' ? profile.columns.find((c) => c.name === draft.target) : undefined;
  const distinct = targetProfile?.distinct ?? null;
  const task = effectiveTask(draft, targetColumn?.type, distinct);
  const classes = useMemo(() => targetClassCounts(targetProfile), [targetProfile]);
  const built = buildSpec(draft, columns, task, classes);
  const latest = useMemo(() => latestRunFor(runs, draft.datasetId, draft.target), [runs, draft.datasetId, draft.target]);

  // Start on the dataset the Datasets area has selected; follow a dataset that went away.
  useEffect(() => {
    if (dataset || datasets.length === 0) return;
    const pick = datasets.find((d) => d.id === selectedDatasetId) ?? datasets[0];
    if (pick) setDraft(draftForDataset(draft, pick.id, pick.columns));
  }, [dataset, datasets, selectedDatasetId, draft]);

  // The profile's distinct counts tell binary from multiclass (and a 0/1 column from a measurement).
  const needsProfile = dataset !== null && dataset.hasProfile && profile === undefined;
  useEffect(() => {
    if (needsProfile && draft.datasetId !== null) void loadProfile(draft.datasetId);
  }, [needsProfile, draft.datasetId]);

  // A changed task (chosen, or guessed from a new target) keeps model and validation valid.
  useEffect(() => {
    const fitted = fitToTask(draft, task);
    if (fitted !== draft) setDraft(fitted);
  }, [draft, task]);

  const update = (next: TrainDraft): void => {
    setDraft(next);
    setProblem(null);
  };
  const patch = (p: Partial<TrainDraft>): void => update({ ...draft, ...p });

  const start = async (): Promise<void> => {
    if (!built.ok || starting || readOnly) return;
    setStarting(true);
    setProblem(null);
    const outcome = await startRun(built.spec);
    setStarting(false);
    if (!outcome.ok) setProblem(outcome.problem);
  };
  const startRef = useRef(start);
  startRef.current = start;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        void startRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const reason = readOnly ? 'Read-only project: training would change it. Use Save As for an editable copy.' : built.ok ? null : built.reason;

  if (datasets.length === 0)
    return (
      <div className="empty-state big" data-testid="train-no-dataset">
        <h2>Nothing to train on yet</h2>
        <p className="muted">Import a CSV in the Datasets area first; then come back, pick the column to predict and Start.</p>
      </div>
    );

  return (
    <form
      className="form train-setup"
      data-testid="train-setup"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <section className="card" aria-label="Data">
        <h2>Data</h2>
        <div className="field-grid">
          <Field label="Dataset">
            {(id) => (
              <select
                id={id}
                data-testid="train-dataset"
                value={draft.datasetId ?? ''}
                onChange={(e) => {
                  const d = datasets.find((x) => x.id === Number(e.target.value));
                  if (d) update(draftForDataset(draft, d.id, d.columns));
                }}
              >
                {datasets.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} ({plural(d.rowCount, 'row')})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Target column" hint="The column the model learns to predict.">
            {(id) => (
              <select id={id} data-testid="train-target" value={draft.target} onChange={(e) => update(withTarget(draft, e.target.value))}>
                <option value="">Pick a column…</option>
                {(columns ?? []).map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name} · {c.type}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <TaskModelFields draft={draft} patch={patch} task={task} />
          {draft.target !== '' && task !== 'multiclass' && task !== 'regression' && task !== null && <PositiveClassField draft={draft} patch={patch} classes={classes} />}
        </div>
        {columns && draft.target !== '' && <FeatureChecklist draft={draft} columns={columns} excluded={latest?.excluded ?? []} derived={latest?.derived ?? []} onChange={update} />}
      </section>

      <section className="card" aria-label="Validation and preprocessing">
        <h2>Validation and preprocessing</h2>
        <div className="field-grid">
          <ValidationFields draft={draft} patch={patch} task={task} columns={columns ?? []} />
          <PreprocessFields draft={draft} patch={patch} task={task} />
        </div>
      </section>

      <section className="card" aria-label="Parameters, tuning and threshold">
        <h2>Parameters, tuning and threshold</h2>
        <div className="field-grid">
          <TuningFields draft={draft} patch={patch} task={task} />
        </div>
      </section>

      <div className="train-footer">
        <div className="form-actions train-actions">
          <button type="submit" className="primary" data-testid="start-train" disabled={reason !== null || starting} title={reason ?? `Start training (${startKeys})`}>
            {starting ? 'Starting…' : 'Start training'}
          </button>
          <span className={reason ? 'hint warn-text' : 'hint'} data-testid="start-reason">
            {reason ?? `${startKeys} starts too. Folds train in parallel; each shows its progress in the run.`}
          </span>
        </div>
        {problem && (
          <div className="train-problem" role="alert" data-testid="train-problem">
            <strong>{problem.message}</strong>
            <span>{problem.hint}</span>
            {problem.detail && <code>{problem.detail}</code>}
          </div>
        )}
      </div>
    </form>
  );
}
