import type { InvokeChannel } from '../../../preload/contract/channels';
import { AssayError } from '../../../preload/contract/errors';
import { addAlertRule, removeAlertRule, setCheckEvery } from '../../../native-workers/project/alerts';
import { parseCondition, parseWindow } from '../../../native-workers/ml/monitor-feedback';
import { resolveVersion } from '../../../native-workers/project/registry';
import type { Handlers } from '../dispatch';
import type { ProjectAccess } from '../project/access';
import { badInput } from './bad-input';
import { monitorOverview } from './overview';
import { reportHtml } from './report';
import type { JobManager } from '../jobs/manager';
import type { RetrainService } from './retrain';
import { checkWebhookUrl } from '../../../native-workers/host-api';

export type MonitorChannel = Extract<InvokeChannel, `monitor:${string}`>;


/** A model's name for the rules (they cover all its versions), checked to be registered. */
function modelName(ref: string): string {
  if (ref.includes('@')) throw new AssayError('BAD_INPUT', `Alert rules belong to a model (all its versions): name it without @, not ${ref}.`);
  return ref;
}

/**
 * The Monitoring page behind the contract: a version's overview (drift over
 * windows, performance, rules, firings), the rules editor, a check now, the
 * report. Writes go through the dispatcher's read-only guard.
 */
export interface MonitorDeps extends ProjectAccess {
  readonly retrain: RetrainService;
  /** Check now runs as a job: a long log never blocks the host, and it shows progress and can be cancelled. */
  readonly jobs: JobManager;
}

export class MonitorService {
  private readonly deps: MonitorDeps;

  constructor(deps: MonitorDeps) {
    this.deps = deps;
  }

  handlers(): Pick<Handlers, MonitorChannel> {
    const db = (): ReturnType<ProjectAccess['store']>['db'] => this.deps.store().db;
    const overview = (req: { model: string; window?: string }): ReturnType<typeof monitorOverview> => {
      const store = this.deps.store();
      return monitorOverview(store.db, req, { store: !store.readOnly });
    };
    return {
      'monitor:overview': (req) => overview(req),
      'monitor:report': (req) => ({ html: reportHtml(overview(req)) }),
      'monitor:check': async ({ model }) => {
        const store = this.deps.store();
        const name = resolveVersion(store.db, model).name;
        const job = this.deps.jobs.submit({ kind: 'monitor-check', spec: { projectPath: store.path, model: name } }, `Check ${name} now`);
        const done = await this.deps.jobs.wait(job.id);
        if (done.status === 'cancelled') throw new AssayError('CANCELLED', `The check of ${name} was cancelled; what it had recorded before stays, nothing after.`);
        if (done.status !== 'succeeded') throw new AssayError(done.error?.code ?? 'INTERNAL', done.error?.message ?? `The check of ${name} ${done.status}.`);
        const result = this.deps.jobs.resultOf(job.id) as { fired: number; holding: number };
        if (result.fired > 0) this.deps.retrain.onAlert(name);
        return { ...result, jobId: job.id };
      },
      'monitor:rule-add': (req) => {
        const name = resolveVersion(db(), modelName(req.model)).name;
        const cond = badInput(() => parseCondition(req.condition));
        const window = badInput(() => parseWindow(req.window)).text;
        if (req.minRows < 1) throw new AssayError('BAD_INPUT', `A rule needs at least 1 row in its window, not ${req.minRows}.`);
        const webhook = req.webhook ? badInput(() => checkWebhookUrl(req.webhook!)) : null;
        const { id, metric, op, threshold, minRows, cooldownMs } = addAlertRule(db(), { name, ...cond, window, minRows: req.minRows, cooldownMs: req.cooldownMs, webhook }, new Date().toISOString());
        return { id, metric, op, threshold, window, minRows, cooldownMs, webhook };
      },
      'monitor:rule-remove': ({ model, id }) => {
        if (!removeAlertRule(db(), modelName(model), id)) throw new AssayError('NOT_FOUND', `${model} has no alert rule #${id}; it may have been removed meanwhile.`);
        return null;
      },
      'monitor:retrain': (req) => this.deps.retrain.start(req).record,
      'monitor:retrain-cancel': ({ id }) => {
        this.deps.retrain.cancel(id);
        return null;
      },
      'monitor:retrain-promote': ({ id }) => this.deps.retrain.promote(id),
      'monitor:retrains': ({ model }) => this.deps.retrain.overview(model),
      'monitor:retrain-settings': (req) => this.deps.retrain.saveSettings(req),
      'monitor:schedule': ({ model, everyMs }) => {
        if (everyMs !== 0 && everyMs < 1000) throw new AssayError('BAD_INPUT', `Evaluate every 1 s or more (or 0: off), not every ${everyMs} ms.`);
        setCheckEvery(db(), resolveVersion(db(), modelName(model)).name, everyMs, new Date().toISOString());
        return null;
      },
    };
  }
}
