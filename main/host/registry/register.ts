/**
 * Registering a finished run's model: the checks, and the summary and card a
 * version starts with. The registry's tables are native-workers/project/registry.ts.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { ModelCard, ModelVersion } from '../../../preload/contract/registry';
import type { TrainRunSummary } from '../../../preload/contract/train';
import { requestSchemaOf } from '../../../native-workers/ml/tabular/predict-request';
import type { ModelDocument } from '../../../native-workers/ml/tabular/predictor';
import type { Db } from '../../../native-workers/project/open';
import { addVersion, datasetOrigin } from '../../../native-workers/project/registry';
import { getModelJson, getTrainSummary } from '../../../native-workers/project/train';
import { pickExampleRow } from '../export/golden-rows';
import { imageVersionParts, isImageRun } from './image-versions';
import { isRecsRun, recsVersionParts } from './recs-versions';
import { storeReferenceAtRegistration } from '../../../native-workers/host-api';

/** A name users type in URLs, CLIs and bucket prefixes: letters, digits, - _ . */
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function defaultCard(s: TrainRunSummary, lineage: ModelVersion['lineage'], rows: number): ModelCard {
  const main = Object.entries(s.metrics)
    .filter(([k]) => ['roc_auc', 'f1', 'accuracy', 'rmse', 'mae', 'r2'].includes(k))
    .map(([k, m]) => `${k} ${m.mean.toFixed(3)} ± ${m.std.toFixed(3)}`)
    .join(', ');
  return {
    intendedUse: `Predicts "${s.spec.target}" (${s.task}) from ${s.features.length} columns of rows like those of "${lineage.datasetName}".`,
    data: `Dataset "${lineage.datasetName}" (${rows} rows) from ${lineage.source}${lineage.sha256 ? `, sha256 ${lineage.sha256.slice(0, 12)}…` : ''}; ${s.validation?.kind ?? ''} ${s.validation?.k ?? ''}-fold validation, ${Math.round(s.spec.testSize * 100)}% held out for the test, seed ${s.spec.seed}.`,
    metrics: `Cross-validated: ${main}.${s.test ? ` Test split: ${Object.entries(s.test).filter(([k]) => ['roc_auc', 'f1', 'accuracy', 'rmse', 'r2'].includes(k)).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}.` : ''}`,
    limits: [
      'Valid for inputs like the training data; values outside its ranges or unseen categories are extrapolations.',
      ...s.lint.map((l) => l.message),
    ].join(' '),
  };
}

/**
 * Registers a finished run's model as the next version of `name` (created on
 * first use). The run may be a tabular training run or an image run (run ids
 * are unique across kinds); `phase` picks an image run's phase (default: its
 * last, the fine-tuned one when there is one) and is refused for a tabular run.
 */
export function registerModel(db: Db, runId: number, name: string, opts: { readonly phase?: 1 | 2 } = {}): ModelVersion {
  if (!namePattern.test(name)) throw new AssayError('BAD_INPUT', `"${name}" is not a usable model name: use letters, digits, "-", "_" or "." (up to 64, starting with a letter or digit).`);
  const now = new Date().toISOString();
  if (isImageRun(db, runId)) {
    return addVersion(db, name, runId, now, (version) => {
      const { summary, card, doc } = imageVersionParts(db, runId, name, version, now, opts.phase);
      return { model: doc, summary, card, imagePhase: doc.phase };
    });
  }
  if (isRecsRun(db, runId)) {
    if (opts.phase !== undefined) throw new AssayError('BAD_INPUT', `Run ${runId} is a recommender run: a phase applies only to image runs.`);
    return addVersion(db, name, runId, now, (version) => {
      const { summary, card, doc } = recsVersionParts(db, runId, name, version, now);
      return { model: doc, summary, card };
    });
  }
  if (opts.phase !== undefined) throw new AssayError('BAD_INPUT', `Run ${runId} is a tabular run: a phase applies only to image runs.`);
  const s = getTrainSummary(db, runId);
  if (s.status !== 'succeeded') throw new AssayError('BAD_INPUT', `Run ${runId} ${s.status}; only a finished run has a model to register.`);
  const doc = JSON.parse(getModelJson(db, runId)) as ModelDocument;
  const { dataset: ds, sha256 } = datasetOrigin(db, s.spec.datasetId);
  const lineage = { datasetId: s.spec.datasetId, datasetName: ds?.name ?? s.datasetName, source: ds?.source ?? 'unknown', sha256 };
  const example = pickExampleRow(db, s.spec.datasetId, requestSchemaOf(doc.pipeline));
  const registered = addVersion(db, name, runId, now, (version) => ({
    model: doc,
    summary: {
      name,
      version,
      runId,
      createdAt: now,
      kind: 'tabular',
      task: doc.task,
      model: s.spec.model,
      target: doc.target,
      classes: doc.classes,
      inputSchema: doc.pipeline.inputColumns,
      ...(example ? { example } : {}),
      metrics: s.metrics,
      test: s.test,
      lineage,
    },
    card: defaultCard(s, lineage, ds?.rowCount ?? 0),
  }));
  // Monitoring's drift reference is kept with the version; if it cannot be built now, a check builds it on first use and says why it cannot.
  storeReferenceAtRegistration(db, registered, doc);
  return registered;
}
