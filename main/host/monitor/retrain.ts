/**
 * Retrain → compare → promote (#16.8). A retrain runs a registered version's
 * own spec (recipe of columns, learner, parameters, preprocessing, validation,
 * seed, positive class) as a normal training run on newer data: the training
 * dataset as it is now (refreshed or appended), another dataset, or the logged
 * predictions joined with their feedback labels. Its model is registered as
 * the next version (the challenger, stage none) and compared with the
 * champion on the same rows; it is promoted only when asked (a click, --promote,
 * or the model's auto-promote opt-in) and, unless a user clicks, only when it
 * wins on the model's retrain metric.
 */
import { AssayError } from '../../../preload/contract/errors';
import { defaultRetrainMetric, type RetrainOverview, type RetrainRecord, type RetrainRequest, type RetrainSettings } from '../../../preload/contract/retrain';
import { metricDefinition } from '../../../preload/contract/metrics';
import type { TrainRunSummary, TrainSpec } from '../../../preload/contract/train';
import type { ColumnType } from '../../../preload/contract/types';
import { parseWindow, type WindowSpec } from '../../../native-workers/ml/monitor-feedback';
import type { ModelDocument } from '../../../native-workers/ml/tabular/predictor';
import { datasetColumns, findReadyDataset, listDatasets } from '../../../native-workers/project/datasets';
import type { Db } from '../../../native-workers/project/open';
import { listModels, resolveModel, setStage } from '../../../native-workers/project/registry';
import {
  createRetrain,
  finishRetrain,
  getRetrain,
  labelledInputs,
  listRetrains,
  markPromoted,
  retrainSettings,
  saveRetrainSettings,
  writeFeedbackDataset,
} from '../../../native-workers/project/retrain';
import type { ProjectStore } from '../../../native-workers/project/store';
import { getTrainSummary } from '../../../native-workers/project/train';
import type { PushHub } from '../events';
import type { ProjectAccess } from '../project/access';
import { badInput } from './bad-input';
import { registerModel } from '../registry/register';
import { compareVersions } from './compare-versions';

/** Fewer labelled predictions than this cannot hold a training set, validation folds and a test split. */
export const minFeedbackRows = 30;

export interface RetrainDeps extends ProjectAccess {
  readonly push: PushHub;
  /** The training service's face: a retrain is a normal run (its progress, its cancel). */
  readonly train: {
    start(spec: TrainSpec): { runId: number; done: Promise<TrainRunSummary> };
    cancel(runId: number): void;
  };
}

interface Planned {
  readonly datasetId: number;
  readonly source: string;
  readonly fromFeedback: boolean;
}

const columnType: Readonly<Record<'numeric' | 'categorical' | 'date', ColumnType>> = { numeric: 'number', categorical: 'categorical', date: 'datetime' };


export class RetrainService {
  private readonly deps: RetrainDeps;
  /** Retrains in flight, by model name (one at a time per model), and what each resolves to. */
  private readonly running = new Map<string, { readonly id: number; readonly runId: number; readonly done: Promise<RetrainRecord> }>();

  constructor(deps: RetrainDeps) {
    this.deps = deps;
  }

  /** Starts a retrain; `done` resolves with its record once trained, registered and compared (or failed). */
  start(req: RetrainRequest, trigger: 'user' | 'alert' = 'user'): { record: RetrainRecord; done: Promise<RetrainRecord> } {
    const store = this.deps.store();
    const db = store.db;
    const { version: champion, doc } = resolveModel(db, req.model);
    const name = champion.name;
    const busy = this.running.get(name);
    if (busy) throw new AssayError('BAD_INPUT', `${name} is already retraining (retrain #${busy.id}, run ${busy.runId}); wait for it or cancel it first.`);
    if (req.data !== undefined && req.fromFeedback) throw new AssayError('BAD_INPUT', 'Retrain on a dataset or on the feedback labels, not both: drop --data or --from-feedback.');
    const window = badInput(() => parseWindow(req.window ?? '1d'));
    const settings = retrainSettings(db, name);
    const metric = settings.metric ?? defaultRetrainMetric(doc.task);
    const run = getTrainSummary(db, champion.runId);
    const planned = this.plan(db, name, champion.version, run, doc, req);
    const spec: TrainSpec = {
      ...run.spec,
      datasetId: planned.datasetId,
      // The champion's resolved columns and positive class: newer data must not change what the model reads or predicts as class 1.
      features: [...run.features],
      ...(doc.task === 'binary' && doc.positive ? { positive: doc.positive } : {}),
    };
    const { runId, done: trained } = this.deps.train.start(spec);
    const record = createRetrain(db, { name, champion: champion.version, source: planned.source, trigger, runId }, new Date().toISOString());
    this.deps.push.emit('monitor:retrain', record);
    const promote = req.promote === true || settings.autoPromote;
    const done = trained
      .then((summary) => this.finish(store, record, summary, { metric, window, promote, fromFeedback: planned.fromFeedback }))
      .catch((err: unknown) => this.fail(store, record, err))
      .finally(() => this.running.delete(name));
    this.running.set(name, { id: record.id, runId, done });
    return { record, done };
  }

  /** Stops a retrain's training run (the retrain then ends cancelled). */
  cancel(id: number): void {
    for (const r of this.running.values()) if (r.id === id) this.deps.train.cancel(r.runId);
  }

  /** Puts a compared retrain's challenger in production (the registry's promote; roll back as for any version). */
  promote(id: number): RetrainRecord {
    const db = this.deps.store().db;
    const rec = badInput(() => getRetrain(db, id));
    if (rec.status !== 'compared' || rec.challenger === null) throw new AssayError('BAD_INPUT', `Retrain #${id} ${rec.status === 'training' ? 'is still training' : `${rec.status}`}: only a compared challenger can be promoted.`);
    setStage(db, rec.model, rec.challenger, 'production');
    const promoted = markPromoted(db, id);
    this.deps.push.emit('registry:changed', listModels(db));
    this.deps.push.emit('monitor:retrain', promoted);
    return promoted;
  }

  overview(model: string): RetrainOverview {
    const db = this.deps.store().db;
    const name = resolveModel(db, model).version.name;
    return { settings: retrainSettings(db, name), history: listRetrains(db, name) };
  }

  saveSettings(s: RetrainSettings): RetrainSettings {
    if (s.model.includes('@')) throw new AssayError('BAD_INPUT', `Retrain settings belong to a model (all its versions): name it without @, not ${s.model}.`);
    const db = this.deps.store().db;
    const { version, doc } = resolveModel(db, s.model);
    if (s.metric !== null) {
      const known = metricDefinition(s.metric);
      const regression = ['mse', 'rmse', 'mae', 'mape', 'r2'].includes(s.metric);
      if (!known || regression !== (doc.task === 'regression')) {
        throw new AssayError('BAD_INPUT', `"${s.metric}" is not a ${doc.task} metric; use e.g. ${defaultRetrainMetric(doc.task)}${doc.task === 'regression' ? ', mae or r2' : ', f1 or accuracy'}.`);
      }
    }
    if (s.data !== null && s.data !== 'feedback') this.dataset(db, s.data);
    return saveRetrainSettings(db, { ...s, model: version.name }, new Date().toISOString());
  }

  /**
   * A fired alert: a retrain of the model's production (else newest) version when the model opted in, on the
   * data its settings name. A retrain that cannot start is recorded failed with why; serving carries on.
   */
  onAlert(name: string): RetrainRecord | null {
    const store = this.deps.project();
    if (!store || store.readOnly || this.running.has(name)) return null;
    const s = retrainSettings(store.db, name);
    if (!s.onAlert) return null;
    const req: RetrainRequest = { model: name, ...(s.data === 'feedback' ? { fromFeedback: true } : s.data !== null ? { data: s.data } : {}) };
    try {
      return this.start(req, 'alert').record;
    } catch (err) {
      const champion = resolveModel(store.db, name).version.version;
      const rec = createRetrain(store.db, { name, champion, source: s.data ?? 'training dataset', trigger: 'alert', runId: null }, new Date().toISOString());
      const failed = finishRetrain(store.db, rec.id, { status: 'failed', error: err instanceof Error ? err.message : String(err) }, new Date().toISOString());
      this.deps.push.emit('monitor:retrain', failed);
      return failed;
    }
  }

  /** Resolves when the model's retrain in flight has ended (at once when none runs). */
  async idle(name: string): Promise<void> {
    await this.running.get(name)?.done;
  }

  private plan(db: Db, name: string, version: number, run: TrainRunSummary, doc: ModelDocument, req: RetrainRequest): Planned {
    const needs = [run.spec.target, ...run.features, ...[run.spec.validation.groupColumn, run.spec.validation.timeColumn].filter((c): c is string => typeof c === 'string')];
    const check = (columns: readonly string[], what: string, fix: string): void => {
      const missing = [...new Set(needs)].filter((c) => !columns.includes(c));
      if (missing.length) throw new AssayError('BAD_INPUT', `${what} lacks ${missing.join(', ')}, which ${name} v${version}'s spec needs. ${fix}`);
    };
    if (req.fromFeedback) {
      const rows = labelledInputs(db, name);
      if (rows.length < minFeedbackRows) {
        throw new AssayError(
          'BAD_INPUT',
          `${name} has ${rows.length} logged predictions with feedback labels; a retrain needs at least ${minFeedbackRows}. Send labels (POST /feedback, or assay feedback FILE --model ${name} CSV), or retrain on a dataset with --data.`,
        );
      }
      const inputs = doc.pipeline.inputColumns.map((c) => ({ name: c.name, type: columnType[c.kind] }));
      check([...inputs.map((c) => c.name), doc.target], 'The prediction log', 'Retrain on a dataset that has them (--data).');
      const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
      const ds = writeFeedbackDataset(db, `${name} feedback ${stamp}`, `feedback:${name}`, inputs, { name: doc.target, type: doc.task === 'regression' ? 'number' : 'categorical' }, rows);
      return { datasetId: ds.id, source: `logged predictions with feedback labels (dataset "${ds.name}", ${ds.rows} rows)`, fromFeedback: true };
    }
    if (req.data !== undefined) {
      const ds = this.dataset(db, req.data);
      check(datasetColumns(db, ds.id).map((c) => c.name), `Dataset "${ds.name}"`, 'Pick a dataset with the same columns as the training data.');
      return { datasetId: ds.id, source: `dataset "${ds.name}" (${ds.rowCount} rows)`, fromFeedback: false };
    }
    const ds = findReadyDataset(db, run.spec.datasetId);
    if (!ds) {
      throw new AssayError('NOT_FOUND', `${name} v${version} was trained on dataset "${run.datasetName}", which is no longer in the project. Retrain on another dataset (--data) or on the feedback labels (--from-feedback).`);
    }
    check(datasetColumns(db, ds.id).map((c) => c.name), `Dataset "${ds.name}"`, 'Its columns changed since training; retrain on a dataset with them (--data).');
    return { datasetId: ds.id, source: `training dataset "${ds.name}" as it is now (${ds.rowCount} rows)`, fromFeedback: false };
  }

  private dataset(db: Db, ref: string): { id: number; name: string; rowCount: number } {
    const all = listDatasets(db);
    const found = all.find((d) => d.name === ref) ?? all.find((d) => String(d.id) === ref);
    if (!found) throw new AssayError('NOT_FOUND', `No dataset "${ref}" in this project; it has: ${all.map((d) => `"${d.name}"`).join(', ') || 'none'}.`);
    return { id: found.id, name: found.name, rowCount: found.rowCount };
  }

  private finish(
    store: ProjectStore,
    record: RetrainRecord,
    summary: TrainRunSummary,
    opts: { metric: string; window: WindowSpec; promote: boolean; fromFeedback: boolean },
  ): RetrainRecord {
    // The project was closed under the run: nothing to record there any more.
    if (!store.db.open) return record;
    const db = store.db;
    const now = (): string => new Date().toISOString();
    if (summary.status !== 'succeeded') {
      const ended = finishRetrain(db, record.id, { status: summary.status === 'cancelled' ? 'cancelled' : 'failed', error: summary.error ?? `The training run ${summary.status}.` }, now());
      this.deps.push.emit('monitor:retrain', ended);
      return ended;
    }
    const challenger = registerModel(db, summary.runId, record.model);
    this.deps.push.emit('registry:changed', listModels(db));
    const comparison = compareVersions(db, record.model, record.champion, challenger.version, summary.runId, { metric: opts.metric, window: opts.window, trainedOnFeedback: opts.fromFeedback });
    let ended = finishRetrain(db, record.id, { status: 'compared', challenger: challenger.version, comparison }, now());
    this.deps.push.emit('monitor:retrain', ended);
    if (opts.promote && comparison.winner === 'challenger') ended = this.promote(record.id);
    return ended;
  }

  private fail(store: ProjectStore, record: RetrainRecord, err: unknown): RetrainRecord {
    if (!store.db.open) return record;
    const ended = finishRetrain(store.db, record.id, { status: 'failed', error: err instanceof Error ? err.message : String(err) }, new Date().toISOString());
    this.deps.push.emit('monitor:retrain', ended);
    return ended;
  }
}
