/**
 * Export of registered model versions: `export:start` resolves the version and
 * picks the golden rows here (the host owns the project), then runs an
 * `export` job in a worker (writing, parity gate, upload; progress + cancel).
 * `export:check` answers whether a target is reachable with the credentials
 * at hand. Credentials come from the host's environment only: they are never
 * part of a spec, a run row, a log or a bundle.
 */
import path from 'node:path';
import { AssayError } from '../../../preload/contract/errors';
import type { ExportSpec } from '../../../preload/contract/export';
import type { JobInfo } from '../../../preload/contract/types';
import { checkTarget, parseTarget } from '../../../native-workers/host-api';
import type { Handlers } from '../dispatch';
import type { JobManager } from '../jobs/manager';
import { distDir } from '../paths';
import { insertRun } from '../../../native-workers/project/runs';
import { resolveModel, resolveVersion } from '../../../native-workers/project/registry';
import { requestSchemaOf } from '../../../native-workers/ml/tabular/predict-request';
import { pickExampleRow, pickGoldenRows } from './golden-rows';
import type { ProjectAccess } from '../project/access';

export interface ExportDeps extends ProjectAccess {
  readonly jobs: JobManager;
}

export function bundleServerPath(): string {
  return path.join(distDir(), 'export', 'bundle-server.js');
}

export class ExportService {
  constructor(private readonly deps: ExportDeps) {}

  start(spec: ExportSpec): JobInfo {
    const store = this.deps.store();
    if (typeof spec.model !== 'string' || !spec.model.trim()) throw new AssayError('BAD_INPUT', 'Say which model to export: NAME, NAME@VERSION or NAME@production.');
    const target = parseTarget(spec.to);
    const to = target.kind === 'folder' ? target.path : spec.to.trim();
    const named = resolveVersion(store.db, spec.model.trim());
    if (named.kind === 'recs') {
      const runId = store.readOnly ? null : insertRun(store.db, 'export', { model: spec.model, to });
      return this.deps.jobs.submit(
        { kind: 'export', spec: { to, version: named, recs: { projectPath: store.path, runId: named.runId }, serverJs: bundleServerPath() } },
        `Export ${named.name} v${named.version} → ${to}`,
        {},
        runId,
      );
    }
    const resolved = resolveModel(store.db, spec.model.trim());
    const { doc } = resolved;
    // A version registered before examples were kept gets one now, for the bundle's README.
    const example = resolved.version.example ?? pickExampleRow(store.db, resolved.version.lineage.datasetId, requestSchemaOf(doc.pipeline));
    const version = example ? { ...resolved.version, example } : resolved.version;
    const goldenRows = pickGoldenRows(store.db, version.lineage.datasetId, version.inputSchema);
    const runId = store.readOnly ? null : insertRun(store.db, 'export', { model: spec.model, to });
    return this.deps.jobs.submit(
      { kind: 'export', spec: { to, version, doc, goldenRows, serverJs: bundleServerPath() } },
      `Export ${version.name} v${version.version} → ${to}`,
      {},
      runId,
    );
  }

  handlers(): Pick<Handlers, 'export:start' | 'export:check'> {
    return {
      'export:start': (spec) => ({ jobId: this.start(spec).id }),
      'export:check': ({ to }) => checkTarget(to),
    };
  }
}
