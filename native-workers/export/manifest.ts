import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface ManifestFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** manifest.json: written (and uploaded) last, so a bundle is complete only when it exists. */
export interface BundleManifest {
  readonly format: 'assay-bundle/1';
  readonly model: string;
  readonly version: number;
  readonly createdAt: string;
  /** Every other file of the bundle, sorted by path (manifest.json is not listed in itself). */
  readonly files: readonly ManifestFile[];
}

export const manifestName = 'manifest.json';

export function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Files under dir, relative with forward slashes, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
}

export function readManifest(dir: string): BundleManifest {
  return JSON.parse(fs.readFileSync(path.join(dir, manifestName), 'utf8')) as BundleManifest;
}

/** Hashes every file under dir and writes manifest.json (last). */
export function writeManifest(dir: string, model: string, version: number): BundleManifest {
  const files = listFiles(dir)
    .filter((f) => f !== manifestName)
    .map((f) => ({ path: f, bytes: fs.statSync(path.join(dir, f)).size, sha256: sha256File(path.join(dir, f)) }));
  const manifest: BundleManifest = { format: 'assay-bundle/1', model, version, createdAt: new Date().toISOString(), files };
  fs.writeFileSync(path.join(dir, manifestName), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}
