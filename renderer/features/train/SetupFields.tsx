import type { ColumnInfo } from '../../../preload/contract';
import { modelLabels, modelParams, trainDevices, type ImbalanceKind, type PreprocessOptions, type Task, type ValidationKind } from '../../../preload/contract/train';
import type { ClassCount } from '../../../preload/contract/positive-class';
import { Field } from '../../components/Field';
import { ExecutorSelect } from '../compute';
import { positiveChoice } from './positive-class';
import { gpuHint, isClassification, modelsFor, validationKindsFor, validationLabels, type TaskGuess, type TrainDraft } from './form';
import { useAppInfo } from '../project';

export type Patch = (p: Partial<TrainDraft>) => void;

/** Where the folds and search trials run (Compute lists the executors); the same numbers wherever. */
function ExecutorField({ draft, patch }: { readonly draft: TrainDraft; readonly patch: Patch }) {
  return (
    <Field label="Run on" hint="Folds and search trials; Train → Compute adds clusters.">
      {(id) => <ExecutorSelect id={id} testId="train-executor" value={draft.executor} onChange={(executor) => patch({ executor })} />}
    </Field>
  );
}

const taskLabels: Readonly<Record<Task | 'auto', string>> = {
  auto: 'Auto (from the target)',
  binary: 'Binary classification',
  multiclass: 'Multiclass classification',
  regression: 'Regression',
};

const imbalanceLabels: Readonly<Record<ImbalanceKind, string>> = {
  none: 'None',
  weights: 'Class weights',
  over: 'Random oversampling',
  under: 'Random undersampling',
  smote: 'SMOTE',
};

const scalingLabels: Readonly<Record<PreprocessOptions['scaling'], string>> = {
  none: 'None',
  standard: 'Standard (z-score)',
  minmax: 'Min–max',
  robust: 'Robust (median/IQR)',
};

function taskHint(task: TaskGuess, draft: TrainDraft): string {
  if (draft.task !== 'auto') return '';
  if (task === null) return 'Decided by the host from the target’s values.';
  return `Looks like ${task === 'classification' ? 'classification' : taskLabels[task].toLowerCase()}; the host decides.`;
}

export function TaskModelFields({ draft, patch, task }: { readonly draft: TrainDraft; readonly patch: Patch; readonly task: TaskGuess }) {
  const models = modelsFor(task);
  return (
    <>
      <Field label="Task" hint={taskHint(task, draft)}>
        {(id) => (
          <select id={id} data-testid="train-task" value={draft.task} onChange={(e) => patch({ task: e.target.value as Task | 'auto' })}>
            {(Object.keys(taskLabels) as (Task | 'auto')[]).map((t) => (
              <option key={t} value={t}>
                {taskLabels[t]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Model" hint={task === null ? 'Models that fit both classification and regression.' : undefined}>
        {(id) => (
          <select id={id} data-testid="train-model" value={draft.model} onChange={(e) => patch({ model: e.target.value as TrainDraft['model'] })}>
            {models.map((m) => (
              <option key={m} value={m}>
                {modelLabels[m]}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

export function ValidationFields({
  draft,
  patch,
  task,
  columns,
}: {
  readonly draft: TrainDraft;
  readonly patch: Patch;
  readonly task: TaskGuess;
  readonly columns: readonly ColumnInfo[];
}) {
  const others = columns.filter((c) => c.name !== draft.target);
  const autoLabel = task === null ? 'Default (stratified if classification)' : isClassification(task) ? 'Default: stratified k-fold' : 'Default: k-fold';
  return (
    <>
      <Field label="Validation">
        {(id) => (
          <select id={id} data-testid="train-validation" value={draft.validation} onChange={(e) => patch({ validation: e.target.value as ValidationKind | 'auto' })}>
            <option value="auto">{autoLabel}</option>
            {validationKindsFor(task).map((k) => (
              <option key={k} value={k}>
                {validationLabels[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {draft.validation === 'holdout' ? (
        <Field label="Validation fraction" hint="Of the training rows.">
          {(id) => <input id={id} inputMode="decimal" value={draft.fraction} onChange={(e) => patch({ fraction: e.target.value })} />}
        </Field>
      ) : (
        <Field label={draft.validation === 'timeseries' ? 'Splits' : 'Folds (k)'}>
          {(id) => <input id={id} inputMode="numeric" data-testid="train-k" value={draft.k} onChange={(e) => patch({ k: e.target.value })} />}
        </Field>
      )}
      {draft.validation === 'repeated' && (
        <Field label="Repeats">
          {(id) => <input id={id} inputMode="numeric" value={draft.repeats} onChange={(e) => patch({ repeats: e.target.value })} />}
        </Field>
      )}
      {draft.validation === 'group' && (
        <Field label="Group column" hint="Rows sharing its value stay in one fold.">
          {(id) => (
            <select id={id} data-testid="train-group" value={draft.groupColumn} onChange={(e) => patch({ groupColumn: e.target.value })}>
              <option value="">Pick a column…</option>
              {others.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {draft.validation === 'timeseries' && (
        <Field label="Time column" hint="Rows are ordered by it; none = row order.">
          {(id) => (
            <select id={id} value={draft.timeColumn} onChange={(e) => patch({ timeColumn: e.target.value })}>
              <option value="">Row order</option>
              {others.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Test size" hint="Held out for the final model; 0 = none.">
        {(id) => <input id={id} inputMode="decimal" data-testid="train-test-size" value={draft.testSize} onChange={(e) => patch({ testSize: e.target.value })} />}
      </Field>
    </>
  );
}

export function PreprocessFields({ draft, patch, task }: { readonly draft: TrainDraft; readonly patch: Patch; readonly task: TaskGuess }) {
  return (
    <>
      {isClassification(task) && (
        <Field label="Class imbalance" hint="Resampling touches training folds only.">
          {(id) => (
            <select id={id} data-testid="train-imbalance" value={draft.imbalance} onChange={(e) => patch({ imbalance: e.target.value as ImbalanceKind })}>
              {(Object.keys(imbalanceLabels) as ImbalanceKind[]).map((k) => (
                <option key={k} value={k}>
                  {imbalanceLabels[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Scaling">
        {(id) => (
          <select id={id} value={draft.scaling} onChange={(e) => patch({ scaling: e.target.value as PreprocessOptions['scaling'] })}>
            {(Object.keys(scalingLabels) as PreprocessOptions['scaling'][]).map((k) => (
              <option key={k} value={k}>
                {scalingLabels[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="PCA">
        {(id) => (
          <div className="row">
            <select id={id} data-testid="train-pca" value={draft.pca} onChange={(e) => patch({ pca: e.target.value as TrainDraft['pca'] })}>
              <option value="off">Off</option>
              <option value="k">Components</option>
              <option value="variance">Variance</option>
            </select>
            {draft.pca === 'k' && <input aria-label="PCA components" inputMode="numeric" value={draft.pcaK} onChange={(e) => patch({ pcaK: e.target.value })} />}
            {draft.pca === 'variance' && (
              <input aria-label="PCA variance fraction" inputMode="decimal" value={draft.pcaVariance} onChange={(e) => patch({ pcaVariance: e.target.value })} />
            )}
          </div>
        )}
      </Field>
      <Field label="Seed" hint="Same seed, same folds and metrics.">
        {(id) => <input id={id} inputMode="numeric" data-testid="train-seed" value={draft.seed} onChange={(e) => patch({ seed: e.target.value })} />}
      </Field>
      <ExecutorField draft={draft} patch={patch} />
    </>
  );
}

/**
 * Binary: which class is "positive" (precision, recall, F1, PR AUC and the threshold are about it).
 * Pre-filled with the default the host would take; the profile supplies the classes and their counts.
 */
export function PositiveClassField({ draft, patch, classes }: { readonly draft: TrainDraft; readonly patch: Patch; readonly classes: readonly ClassCount[] | null }) {
  if (!classes)
    return (
      <Field label="Positive class" hint="Decided from the data: a label such as yes, true, 1, churn, fraud or bad, else the rarer class.">
        {(id) => (
          <select id={id} data-testid="train-positive" disabled value="">
            <option value="">Automatic</option>
          </select>
        )}
      </Field>
    );
  const choice = positiveChoice(classes, draft.positive);
  const total = classes.reduce((a, c) => a + c.count, 0);
  return (
    <Field label="Positive class" hint={choice.hint}>
      {(id) => (
        <select id={id} data-testid="train-positive" value={choice.value} onChange={(e) => patch({ positive: e.target.value })}>
          {classes.map((c) => (
            <option key={c.label} value={c.label}>
              {c.label} ({total > 0 ? Math.round((100 * c.count) / total) : 0} %)
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const deviceLabels = { cpu: 'CPU', gpu: 'GPU (WebGPU)', auto: 'Auto: GPU for large tables' } as const;

/** Where gradient boosting runs, with the adapter this machine has or why it has none. */
function DeviceField({ draft, patch }: { readonly draft: TrainDraft; readonly patch: Patch }) {
  const backend = useAppInfo()?.backend ?? null;
  return (
    <Field label="Training device" hint={gpuHint(backend)}>
      {(id) => (
        <select id={id} data-testid="train-device" value={draft.device} onChange={(e) => patch({ device: e.target.value as TrainDraft['device'] })}>
          {trainDevices.map((d) => (
            <option key={d} value={d}>
              {deviceLabels[d]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Learner parameters, tuning by nested CV, and the decision threshold rule. */
export function TuningFields({ draft, patch, task }: { readonly draft: TrainDraft; readonly patch: Patch; readonly task: TaskGuess }) {
  const names = modelParams[draft.model];
  const example = names.slice(0, 2).map((n) => `${n}=…`).join('; ');
  return (
    <>
      <Field label="Model parameters" hint={names.length ? `Defaults apply to what you leave out. Takes: ${names.join(', ')}.` : 'This model has no parameters.'}>
        {(id) => <input id={id} data-testid="train-params" placeholder={example} disabled={names.length === 0} value={draft.params} onChange={(e) => patch({ params: e.target.value })} />}
      </Field>
      {draft.model === 'gbdt' && <DeviceField draft={draft} patch={patch} />}
      <Field label="Tune parameters" hint="Nested CV: inner folds inside each training fold pick the best candidates.">
        {(id) => (
          <div className="row">
            <select id={id} data-testid="train-search" value={draft.search} onChange={(e) => patch({ search: e.target.value as TrainDraft['search'] })}>
              <option value="off">Off</option>
              <option value="grid">Grid search</option>
              <option value="random">Random search</option>
            </select>
            {draft.search !== 'off' && (
              <input aria-label="Search space" data-testid="train-space" placeholder={names.slice(0, 2).map((n) => `${n}=a,b`).join('; ')} value={draft.space} onChange={(e) => patch({ space: e.target.value })} />
            )}
            {draft.search === 'random' && <input aria-label="Random search tries" inputMode="numeric" value={draft.iterations} onChange={(e) => patch({ iterations: e.target.value })} />}
          </div>
        )}
      </Field>
      {(task === 'binary' || task === 'classification') && (
        <Field label="Decision threshold" hint="Chosen on the validation folds; applied to the test split and the saved model.">
          {(id) => (
            <div className="row">
              <select id={id} data-testid="train-threshold" value={draft.threshold} onChange={(e) => patch({ threshold: e.target.value as TrainDraft['threshold'] })}>
                <option value="max_f1">Best F1</option>
                <option value="cost">Lowest cost</option>
                <option value="default">0.5</option>
              </select>
              {draft.threshold === 'cost' && (
                <input aria-label="Cost of a missed positive, in false alarms" title="Cost of a missed positive, in false alarms" inputMode="decimal" value={draft.costRatio} onChange={(e) => patch({ costRatio: e.target.value })} />
              )}
            </div>
          )}
        </Field>
      )}
    </>
  );
}
