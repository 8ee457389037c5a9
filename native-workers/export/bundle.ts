/**
 * Writes a model bundle into a staging folder, runs the parity gate, and only
 * then moves it into place: a failed or cancelled export leaves nothing that
 * looks like a bundle (the staging folder is removed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AssayError } from '../../preload/contract/errors';
import type { ModelVersion } from '../../preload/contract/registry';
import { loadPredictor, type ModelDocument, type Prediction } from '../ml/tabular/predictor';
import { modelCard, readme } from './doc-files';
import { bicepAzure, dockerfile, dockerignore, goldenTest, packageJson, terraformAws, workflow } from './infra-files';
import { manifestName, writeManifest, type BundleManifest } from './manifest';
import { runParityGate, type ParityResult } from './parity';

export interface BundleInput {
  readonly version: ModelVersion;
  readonly doc: ModelDocument;
  readonly goldenRows: readonly Readonly<Record<string, unknown>>[];
  /** The built server (dist/export/bundle-server.js). */
  readonly serverJs: string;
}

export interface BuiltBundle {
  readonly dir: string;
  readonly manifest: BundleManifest;
  readonly bytes: number;
  readonly parity: ParityResult;
}

export interface BundleOptions {
  readonly signal: AbortSignal;
  readonly onStep?: (step: 'write' | 'parity' | 'done') => void;
  /** Tests only: change the written bundle before the gate runs. */
  readonly afterWrite?: (dir: string) => void;
}

/** The app's own answers for the golden rows; rows the model cannot take are left out. */
function goldenOutputs(doc: ModelDocument, rows: readonly Readonly<Record<string, unknown>>[]): { rows: Readonly<Record<string, unknown>>[]; outputs: Prediction[] } {
  const predictor = loadPredictor(doc);
  const kept: Readonly<Record<string, unknown>>[] = [];
  const outputs: Prediction[] = [];
  for (const row of rows) {
    try {
      outputs.push(predictor.predictRecords([row])[0]!);
      kept.push(row);
    } catch {
      // A row with a value the model refuses is no golden row.
    }
  }
  if (kept.length === 0) throw new AssayError('BAD_INPUT', 'No golden rows: the model refused every sample row.');
  return { rows: kept, outputs };
}

function write(dir: string, rel: string, text: string | Buffer): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Writes every file and the manifest (last) into `dir`; returns the golden set. */
export function writeBundleFiles(dir: string, input: BundleInput): { rows: Readonly<Record<string, unknown>>[]; outputs: Prediction[] } {
  const { version: v, doc } = input;
  if (!fs.existsSync(input.serverJs)) throw new AssayError('INTERNAL', `The bundle server is not built (${input.serverJs}); run node build.mjs.`);
  const golden = goldenOutputs(doc, input.goldenRows);
  const { pipeline, ...model } = doc;
  const json = (x: unknown): string => `${JSON.stringify(x, null, 1)}\n`;
  fs.copyFileSync(input.serverJs, path.join(dir, 'server.js'));
  write(dir, 'model.json', json({ name: v.name, version: v.version, ...model }));
  write(dir, 'preprocess.json', json(pipeline));
  write(dir, 'golden.json', json({ tolerance: 1e-6, rows: golden.rows, outputs: golden.outputs }));
  write(dir, 'golden-test.mjs', goldenTest());
  write(dir, 'package.json', packageJson(v.name, v.version));
  write(dir, 'Dockerfile', dockerfile());
  write(dir, '.dockerignore', dockerignore());
  write(dir, 'MODEL_CARD.md', modelCard(v));
  write(dir, 'README.md', readme(v, golden.rows));
  write(dir, 'infra/aws/main.tf', terraformAws(v.name));
  write(dir, 'infra/azure/main.bicep', bicepAzure(v.name));
  write(dir, '.github/workflows/build.yml', workflow(v.name));
  writeManifest(dir, v.name, v.version);
  return golden;
}

/** A fresh staging folder next to `finalDir` (same file system, so the final move is a rename), or in tmp. */
function stagingDir(finalDir: string | null): string {
  const parent = finalDir ? path.dirname(finalDir) : os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, `.${finalDir ? path.basename(finalDir) : 'assay-export'}.partial-`));
}

function checkFinalDir(finalDir: string): void {
  if (!fs.existsSync(finalDir)) return;
  if (!fs.statSync(finalDir).isDirectory()) throw new AssayError('BAD_INPUT', `${finalDir} exists and is not a folder.`);
  if (fs.readdirSync(finalDir).length > 0) throw new AssayError('BAD_INPUT', `${finalDir} is not empty; export into a new or empty folder.`);
}

/**
 * Builds a bundle and runs the parity gate. `finalDir` null keeps it in a
 * temporary folder (for uploads; the caller removes it). On any failure the
 * staging folder is deleted and the error rethrown.
 */
export async function buildBundle(input: BundleInput, finalDir: string | null, opts: BundleOptions): Promise<BuiltBundle> {
  return stageBundle(finalDir, opts, async (staging) => {
    const golden = writeBundleFiles(staging, input);
    opts.afterWrite?.(staging);
    if (opts.signal.aborted) throw new AssayError('CANCELLED', 'Cancelled');
    opts.onStep?.('parity');
    return runParityGate(staging, golden.rows, golden.outputs, opts.signal);
  });
}

/**
 * Writes a bundle into a staging folder with `make` (files, then its parity gate) and only then
 * moves it into place; on any failure the staging folder is deleted and the error rethrown.
 */
export async function stageBundle(finalDir: string | null, opts: BundleOptions, make: (staging: string) => Promise<ParityResult>): Promise<BuiltBundle> {
  if (finalDir) checkFinalDir(finalDir);
  const staging = stagingDir(finalDir);
  try {
    opts.onStep?.('write');
    const parity = await make(staging);
    const manifest = JSON.parse(fs.readFileSync(path.join(staging, manifestName), 'utf8')) as BundleManifest;
    const bytes = manifest.files.reduce((a, f) => a + f.bytes, 0) + fs.statSync(path.join(staging, manifestName)).size;
    let dir = staging;
    if (finalDir) {
      checkFinalDir(finalDir);
      if (fs.existsSync(finalDir)) fs.rmdirSync(finalDir);
      fs.renameSync(staging, finalDir);
      dir = finalDir;
    }
    opts.onStep?.('done');
    return { dir, manifest, bytes, parity };
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
