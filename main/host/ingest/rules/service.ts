import { AssayError } from '../../../../preload/contract/errors';
import type { ValidateResult } from '../../../../preload/contract/rules';
import type { JobInfo } from '../../../../preload/contract/types';
import type { Handlers } from '../../dispatch';
import type { PushHub } from '../../events';
import type { JobManager } from '../../jobs/manager';
import { getDataset, listDatasets } from '../../../../native-workers/project/datasets';
import { insertRun } from '../../../../native-workers/project/runs';
import { fixQuarantineRow, listQuarantine } from '../../../../native-workers/project/quarantine';
import { getRules, saveRules } from '../../../../native-workers/project/rules';
import { suggestForDataset } from './suggest';
import type { ProjectAccess } from '../../project/access';

export interface RulesDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly push: PushHub;
}

export type RulesChannels =
  | 'rules:get'
  | 'rules:save'
  | 'rules:suggest'
  | 'rules:validate'
  | 'quarantine:list'
  | 'quarantine:fix'
  | 'quarantine:revalidate';

/** Rules saved with datasets, re-validation jobs, and the quarantine review (list, fix, promote). */
export class RulesService {
  /** The validate job running per dataset: two at once would each rebuild the table from a stale view. */
  private readonly running = new Map<number, string>();

  constructor(private readonly deps: RulesDeps) {}

  /** Runs the dataset's latest saved rules over its rows (target dataset) or its quarantine. */
  startValidate(datasetId: number, target: 'dataset' | 'quarantine', promote = false): JobInfo {
    const store = this.deps.store();
    const ds = getDataset(store.db, datasetId);
    if (getRules(store.db, datasetId).version === null) {
      throw new AssayError('BAD_INPUT', `Dataset "${ds.name}" has no saved rules: save rules in its Rules tab (or import it with --rules) first.`);
    }
    const current = this.running.get(datasetId);
    if (current !== undefined && this.deps.jobs.hasActive((j) => j.id === current)) {
      throw new AssayError('BUSY', `Dataset "${ds.name}" is already being validated; wait for that job to end.`);
    }
    const runId = insertRun(store.db, 'validate', { datasetId, target, promote });
    const title = target === 'dataset' ? `Validate ${ds.name}` : promote ? `Promote fixed rows of ${ds.name}` : `Re-validate quarantine of ${ds.name}`;
    const job = this.deps.jobs.submit(
      { kind: 'validate', spec: { projectPath: store.path, datasetId, target, promote } },
      title,
      {
        onResult: (_: ValidateResult) => {
          this.deps.push.emit('datasets:changed', listDatasets(store.db));
          return { datasetId };
        },
      },
      runId,
    );
    this.running.set(datasetId, job.id);
    return job;
  }

  handlers(): Pick<Handlers, RulesChannels> {
    return {
      'rules:get': ({ datasetId }) => getRules(this.deps.store().db, datasetId),
      'rules:save': ({ datasetId, rules }) => saveRules(this.deps.store().db, datasetId, rules),
      'rules:suggest': ({ datasetId }) => suggestForDataset(this.deps.store().db, datasetId),
      'rules:validate': ({ datasetId }) => ({ jobId: this.startValidate(datasetId, 'dataset').id }),
      'quarantine:list': ({ datasetId, offset, limit, rule }) => listQuarantine(this.deps.store().db, datasetId, offset, limit, rule),
      'quarantine:fix': ({ datasetId, id, fields }) => fixQuarantineRow(this.deps.store().db, datasetId, id, fields),
      'quarantine:revalidate': ({ datasetId, promote }) => ({ jobId: this.startValidate(datasetId, 'quarantine', promote === true).id }),
    };
  }
}
