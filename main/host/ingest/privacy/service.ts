import path from 'node:path';
import { AssayError } from '../../../../preload/contract/errors';
import type { ImportPrivacy, PiiFinding, PrivacyKeyInfo, PrivacySpec } from '../../../../preload/contract/governance';
import type { JobInfo } from '../../../../preload/contract/types';
import { detectPersonalData } from '../../../../native-workers/ml/privacy/detect';
import type { Handlers } from '../../dispatch';
import type { PushHub } from '../../events';
import type { JobManager } from '../../jobs/manager';
import { datasetTable, getDataset, listDatasets } from '../../../../native-workers/project/datasets';
import { datasetSpreadRows } from '../../../../native-workers/project/columns/dataset-rows';
import { insertRun } from '../../../../native-workers/project/runs';
import { FileKeyStore, type PrivacyKeyStore } from './key-store';
import type { ProjectAccess } from '../../project/access';

export interface PrivacyDeps extends ProjectAccess {
  readonly jobs: JobManager;
  readonly push: PushHub;
  readonly configDir: string;
  readonly appVersion: string;
  /** The desktop app passes its keychain store; elsewhere a key file is used. */
  readonly keyStore?: () => PrivacyKeyStore;
}

/** Rows read for detection: spread over the dataset, so a sorted file does not fool it. */
const sampleRows = 2000;

export class PrivacyService {
  constructor(private readonly deps: PrivacyDeps) {}

  /** The key store for a request: a named key file wins, then the app's keychain, then the default key file. */
  keyStore(keyFile?: string): PrivacyKeyStore {
    if (keyFile?.trim()) return new FileKeyStore(keyFile.trim());
    return this.deps.keyStore?.() ?? new FileKeyStore(path.join(this.deps.configDir, 'privacy.key'));
  }

  /** The key for an import that pseudonymises (only in the job's message; the run row keeps the spec without it). */
  importKey(privacy: ImportPrivacy | undefined): { privacyKeyBase64?: string; privacyKey?: PrivacyKeyInfo } {
    if (!privacy?.actions.some((a) => a.action === 'pseudonymise')) return {};
    const keys = this.keyStore(privacy.keyFile);
    const key = keys.load();
    return { privacyKeyBase64: key.toString('base64'), privacyKey: { ...keys.describe(), fingerprint: keys.describe().fingerprint ?? '' } };
  }

  scan(datasetId: number): PiiFinding[] {
    const db = this.deps.store().db;
    const ds = getDataset(db, datasetId);
    const step = Math.max(1, Math.floor(ds.rowCount / sampleRows));
    const rows = datasetSpreadRows(db, { id: datasetId, table: datasetTable(datasetId) }, step, sampleRows);
    return detectPersonalData(
      ds.columns.map((c, i) => ({ name: c.name, values: rows.map((r) => r[i]).filter((v): v is string | number => v !== null).map(String) })),
    );
  }

  apply(spec: PrivacySpec): JobInfo {
    const store = this.deps.store();
    const ds = getDataset(store.db, spec.datasetId);
    if (!Array.isArray(spec.actions) || spec.actions.length === 0) throw new AssayError('BAD_INPUT', 'Pick at least one column and what to do with it.');
    const needsKey = spec.actions.some((a) => a.action === 'pseudonymise');
    const keys = needsKey ? this.keyStore(spec.keyFile) : null;
    const key = keys ? keys.load() : null;
    const info = keys && key ? { ...keys.describe(), fingerprint: keys.describe().fingerprint ?? '' } : null;
    // The run row records the request, never the key (the key file's path is not secret).
    const runId = insertRun(store.db, 'privacy', { datasetId: spec.datasetId, actions: spec.actions, ...(spec.keyFile ? { keyFile: spec.keyFile } : {}) });
    return this.deps.jobs.submit(
      {
        kind: 'privacy',
        spec: {
          projectPath: store.path,
          datasetId: spec.datasetId,
          actions: spec.actions,
          keyBase64: key ? key.toString('base64') : null,
          key: info,
          appVersion: this.deps.appVersion,
        },
      },
      `Privacy: ${ds.name}`,
      {
        onResult: (result) => {
          this.deps.push.emit('datasets:changed', listDatasets(store.db));
          return { datasetId: result.datasetId };
        },
      },
      runId,
    );
  }

  handlers(): Pick<Handlers, 'privacy:scan' | 'privacy:apply' | 'privacy:key'> {
    return {
      'privacy:scan': ({ datasetId }) => this.scan(datasetId),
      'privacy:apply': (spec) => ({ jobId: this.apply(spec).id }),
      'privacy:key': ({ keyFile }) => this.keyStore(keyFile).describe(),
    };
  }
}
