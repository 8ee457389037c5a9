/**
 * The `export` job: write the bundle (staging folder), run the parity gate
 * through the bundle's own server.js, then move it into place or upload it.
 * Progress: writing 0–5 %, parity 5–20 %, upload 20–100 % by bytes (a folder
 * export jumps to 100 % after the gate). Cancel is checked between steps and
 * aborts an upload in flight (no object is left half-written).
 */
import fs from 'node:fs';
import type { ExportResult } from '../../preload/contract/export';
import { buildBundle } from '../export/bundle';
import { uploadBundle } from '../export/upload';
import { parseTarget } from '../export/target';
import type { ExportJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';

export async function runExport(spec: ExportJobSpec, ctx: JobContext): Promise<ExportResult> {
  const t0 = Date.now();
  const target = parseTarget(spec.to);
  const title = `Export ${spec.version.name} v${spec.version.version}`;
  const progress = (value: number, detail: string, force = false): void => ctx.progress({ kind: 'export', value, title, detail }, force);
  const bundle = await buildBundle(spec, target.kind === 'folder' ? target.path : null, {
    signal: ctx.signal,
    onStep: (step) => {
      if (step === 'write') progress(0, 'writing the bundle', true);
      if (step === 'parity') progress(0.05, 'parity gate: golden rows through the exported server', true);
    },
  });
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
