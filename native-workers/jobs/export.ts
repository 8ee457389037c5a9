/**
 * The `export` job: write the bundle (staging folder), run the parity gate
 * through the bundle's own server.js, then move it into place or upload it.
 * Progress: writing 0–5 %, parity 5–20 %, upload 20–100 % by bytes (a folder
 * export jumps to 100 % after the gate). Cancel is checked between steps and
 * aborts an upload in flight (no object is left half-written).
 */
import fs from 'node:fs';
import type { ExportResult } from '../../preload/contract/export';
import { AssayError } from '../../preload/contract/errors';
import { buildBundle } from '../export/bundle';
import { buildRecsBundle } from '../export/recs-bundle';
import type { ModelParts } from '../ml/recs/serialize';
import { connect } from '../project/open';
import { readRecsModel } from '../project/recs';
import { uploadBundle } from '../export/upload';
import { parseTarget } from '../export/target';
import type { ExportJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';

export async function runExport(spec: ExportJobSpec, ctx: JobContext): Promise<ExportResult> {
  const t0 = Date.now();
  const target = parseTarget(spec.to);
  const title = `Export ${spec.version.name} v${spec.version.version}`;
  const progress = (value: number, detail: string, force = false): void => ctx.progress({ kind: 'export', value, title, detail }, force);
  const opts = {
    signal: ctx.signal,
    onStep: (step: 'write' | 'parity' | 'done') => {
      if (step === 'write') progress(0, 'writing the bundle', true);
      if (step === 'parity') progress(0.05, `parity gate: golden ${'recs' in spec ? 'requests' : 'rows'} through the exported server`, true);
    },
  };
  const finalDir = target.kind === 'folder' ? target.path : null;
  const bundle = 'recs' in spec ? await buildRecsBundle({ version: spec.version, parts: readRecsParts(spec.recs.projectPath, spec.recs.runId), serverJs: spec.serverJs }, finalDir, opts) : await buildBundle(spec, finalDir, opts);
  const base = {
    model: spec.version.name,
    version: spec.version.version,
    to: target.kind === 'folder' ? target.path : spec.to,
    files: bundle.manifest.files.length + 1,
    bytes: bundle.bytes,
    parity: bundle.parity,
  };
  if (target.kind === 'folder') {
    progress(1, `${base.files} files, parity max diff ${bundle.parity.maxDiff.toExponential(1)}`, true);
    return { ...base, seconds: (Date.now() - t0) / 1000 };
  }
  try {
    ctx.checkCancelled();
    progress(0.2, 'uploading', true);
    const upload = await uploadBundle(bundle.dir, spec.to, {
      signal: ctx.signal,
      onProgress: (sent, total) => progress(0.2 + 0.8 * (total ? sent / total : 1), `uploaded ${(sent / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB`),
    });
    progress(1, `${upload.uploaded} objects uploaded, ${upload.skipped} already there`, true);
    return { ...base, seconds: (Date.now() - t0) / 1000, upload: { uploaded: upload.uploaded, skipped: upload.skipped, seconds: upload.seconds } };
  } finally {
    // The staging copy in tmp: the bundle now lives at the target (or, failed, nowhere).
    fs.rmSync(bundle.dir, { recursive: true, force: true });
  }
}

/** A recommender run's stored model, read over a read-only connection of its own. */
function readRecsParts(projectPath: string, runId: number): ModelParts {
  const db = connect(projectPath, true);
  try {
    const parts = readRecsModel(db, runId);
    if (!parts) throw new AssayError('NOT_FOUND', `Recommender run ${runId} has no stored model; train and register it again.`);
    return parts;
  } finally {
    db.close();
  }
}
