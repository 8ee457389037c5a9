import type { InvokeChannel } from '../../../preload/contract/channels';
import { parseRecipe } from '../../../preload/contract/recipe';
import { parseRuleSet } from '../../../preload/contract/rules';
import type { ImportResult, ImportSpec, JobInfo } from '../../../preload/contract/types';
import type { WorkerJob } from '../../../native-workers/protocol';
import { createImportingDataset, discardDataset, getDataset, listDatasets } from '../../../native-workers/project/datasets';
import { insertRun } from '../../../native-workers/project/runs';
import type { ProjectStore } from '../../../native-workers/project/store';
import type { Handlers } from '../dispatch';
import type { PushHub } from '../events';
import type { JobManager } from '../jobs/manager';
import type { ProjectAccess } from '../project/access';
import { previewImport, sourceFile } from './formats/preview';
import type { PrivacyService } from './privacy/service';
import { insertRulesVersion } from '../../../native-workers/project/rules';
import { checkSchemaSpec, inferPreviewSchema } from './schema/infer-schema';
import type { UploadStore } from './uploads';

export type IngestChannel = Extract<InvokeChannel, `import:${string}`>;

export interface IngestDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly push: PushHub;
  readonly uploads: UploadStore;
  readonly privacy: Pick<PrivacyService, 'importKey'>;
  readonly appVersion: string;
  /** Runs once an import into `store` has succeeded (the host profiles the dataset). */
  readonly imported: (store: ProjectStore, datasetId: number) => void;
}

/** File imports (a path, or a browser-mode upload): previews, schema inference and the import job. */
export class IngestService {
  constructor(private readonly deps: IngestDeps) {}

  startImport(given: ImportSpec): JobInfo {
    const store = this.deps.store();
    const spec: ImportSpec = given.recipe ? { ...given, recipe: parseRecipe(given.recipe) } : given;
    checkSchemaSpec(spec.schema);
    const file = sourceFile(this.deps.uploads, spec.source);
    // An append reads into a hidden staging dataset whose rows move into the target at the very end.
    const appendTo = spec.append ? getDataset(store.db, spec.append.datasetId) : null;
    const wanted = appendTo ? `${appendTo.name} (appending ${file.name})` : spec.name?.trim() || file.name.replace(/\.[^.]+$/, '') || 'dataset';
    // Bad rules are refused before anything is created; columns are checked by the worker once it knows them.
    const rules = spec.rules === undefined ? undefined : parseRuleSet(spec.rules);
    // Before anything is written: a key that cannot be had (loose permissions, no keychain) refuses the import.
    const privacyKey = this.deps.privacy.importKey(spec.privacy);
    const ds = createImportingDataset(store.db, wanted, spec.source.kind === 'path' ? file.path : `upload:${file.name}`);
    // The wizard sends an empty set when no rule was added: nothing to keep then.
    if (rules && rules.rules.length > 0 && !appendTo) insertRulesVersion(store.db, ds.id, rules);
    const runId = insertRun(store.db, 'import', spec);
    const job: WorkerJob = {
      kind: 'import',
      spec: {
        projectPath: store.path,
        datasetId: ds.id,
        filePath: file.path,
        fileName: file.name,
        import: rules ? { ...spec, rules } : spec,
        appVersion: this.deps.appVersion,
        ...privacyKey,
      },
    };
    const cleanupUpload = (): void => {
      if (file.uploadId) this.deps.uploads.remove(file.uploadId);
    };
    const started = this.deps.jobs.submit(
      job,
      appendTo ? `Append ${file.name} to ${appendTo.name}` : `Import ${file.name}`,
      {
        onResult: (result: ImportResult) => {
          cleanupUpload();
          this.deps.push.emit('datasets:changed', listDatasets(store.db));
          return { datasetId: result.datasetId, imported: { rowsStored: result.rowsStored, rowsQuarantined: result.rowsQuarantined } };
        },
        onAbandon: () => {
          cleanupUpload();
          discardDataset(store.db, ds.id);
        },
      },
      runId,
    );
    // Once the import has ended as succeeded (so its clients hear that first), whatever follows it starts.
    void this.deps.jobs.wait(started.id).then((done) => {
      if (done.status === 'succeeded' && done.datasetId !== undefined) this.deps.imported(store, done.datasetId);
    });
    return started;
  }

  handlers(): Pick<Handlers, IngestChannel> {
    return {
      'import:start': (spec) => ({ jobId: this.startImport(spec).id }),
      'import:infer-schema': (sample) => inferPreviewSchema(sample),
      'import:preview': (req) => previewImport(this.deps.uploads, req),
    };
  }
}
