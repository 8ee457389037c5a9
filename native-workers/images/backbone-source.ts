/**
 * Where backbone weights come from, read in the worker (the pure library in
 * ml/images/backbone.ts only builds the model):
 * - `mobilenet_v2`: the Keras MobileNetV2 that nsfwjs@4.4.0 bundles as base64
 *   JS modules (no network); cut at `flatten_1` (1,280 features), pixels in [0, 1].
 * - any TF.js layers model from a folder or a URL: a URL is downloaded once
 *   into the cache folder (model.json + shards, written to a temporary folder
 *   and renamed into place, so a cancelled download leaves nothing that looks
 *   complete) and checked by the sha256 of model.json + its shards, which the
 *   caller may pin.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { AssayError } from '../../preload/contract/errors';
import type { BackboneInfo, BackboneRef, PixelScaling } from '../../preload/contract/images';
import { defaultFeatureLayer, loadBackbone, type Backbone, type BackboneArtifacts, type Tf } from '../ml/images/backbone';

export interface ResolvedBackbone {
  readonly artifacts: BackboneArtifacts;
  readonly name: string;
  readonly featureLayer: string;
  readonly scaling: PixelScaling;
  readonly sha256: string;
}

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: tfjs.io.WeightsManifestEntry[] }[];
}

function sha256(parts: readonly Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

function toArrayBuffer(parts: readonly Uint8Array[]): ArrayBuffer {
  const total = parts.reduce((a, p) => a + p.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out.buffer;
}

let builtin: ResolvedBackbone | null = null;

function mobilenetV2(): ResolvedBackbone {
  if (builtin) return builtin;
  const req = createRequire(__filename);
  // nsfwjs exports no package.json subpath: find its folder from its main file.
  const main = req.resolve('nsfwjs');
  const root = main.slice(0, main.lastIndexOf(`${path.sep}nsfwjs${path.sep}`) + `${path.sep}nsfwjs`.length);
  const dir = path.join(root, 'dist', 'models', 'mobilenet_v2');
  const model = req(path.join(dir, 'model.min.js')) as ModelJson;
  const shard = req(path.join(dir, 'group1-shard1of1.min.js')) as string;
  const bytes = Buffer.from(shard, 'base64');
  const manifest = model.weightsManifest[0]!;
  builtin = {
    artifacts: { modelTopology: model.modelTopology, weightSpecs: manifest.weights, weightData: toArrayBuffer([bytes]) },
    name: 'mobilenet_v2',
    featureLayer: 'flatten_1',
    scaling: '0..1',
    sha256: sha256([Buffer.from(JSON.stringify(model.modelTopology)), bytes]),
  };
  return builtin;
}

/** ASSAY_BACKBONE_CACHE overrides the cache folder (tests). */
export function backboneCacheDir(): string {
  return process.env['ASSAY_BACKBONE_CACHE'] ?? path.join(os.homedir(), '.cache', 'assay', 'backbones');
}

async function fetchBytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, signal ? { signal } : {});
  } catch (err) {
    throw new AssayError('IO', `Cannot download ${url}: ${err instanceof Error ? err.message : String(err)}. Check the address and the network, or use a local folder.`);
  }
  if (!res.ok) throw new AssayError('IO', `Downloading ${url} answered HTTP ${res.status}.`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Downloads a layers model once; returns the cache folder holding model.json and its shards. */
async function cachedDownload(url: string, signal?: AbortSignal): Promise<string> {
  const key = createHash('sha256').update(url).digest('hex').slice(0, 24);
  const dir = path.join(backboneCacheDir(), key);
  if (fs.existsSync(path.join(dir, 'model.json'))) return dir;
  const tmp = `${dir}.partial-${process.pid}`;
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const modelBytes = await fetchBytes(url, signal);
    const model = JSON.parse(Buffer.from(modelBytes).toString('utf8')) as ModelJson;
    for (const group of model.weightsManifest ?? []) {
      for (const p of group.paths) {
        if (p.includes('..') || path.isAbsolute(p)) throw new AssayError('BAD_INPUT', `model.json names a weights file outside its folder: ${p}`);
        fs.writeFileSync(path.join(tmp, p), await fetchBytes(new URL(p, url).toString(), signal));
      }
    }
    fs.writeFileSync(path.join(tmp, 'model.json'), modelBytes);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    return dir;
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

function readFolder(dir: string): { model: ModelJson; parts: Uint8Array[]; modelBytes: Uint8Array } {
  const file = fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? path.join(dir, 'model.json') : dir;
  if (!fs.existsSync(file)) throw new AssayError('NOT_FOUND', `No model.json in ${dir}. A TF.js layers model folder holds model.json and its weight shards.`);
  const modelBytes = fs.readFileSync(file);
  let model: ModelJson;
  try {
    model = JSON.parse(modelBytes.toString('utf8')) as ModelJson;
  } catch (err) {
    throw new AssayError('BAD_INPUT', `${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!model.modelTopology || !Array.isArray(model.weightsManifest)) {
    throw new AssayError('BAD_INPUT', `${file} is not a TF.js layers model (it needs modelTopology and weightsManifest; graph models cannot be cut at a layer).`);
  }
  const parts = model.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(path.dirname(file), p))));
  return { model, parts, modelBytes };
}

export async function resolveBackbone(ref: BackboneRef, signal?: AbortSignal): Promise<ResolvedBackbone> {
  if (ref.kind === 'builtin') {
    if (ref.id !== 'mobilenet_v2') throw new AssayError('BAD_INPUT', `Unknown built-in backbone '${String(ref.id)}'; the built-in one is mobilenet_v2.`);
    return mobilenetV2();
  }
  const local = /^https?:\/\//.test(ref.location) ? await cachedDownload(ref.location, signal) : ref.location;
  const { model, parts, modelBytes } = readFolder(local);
  const digest = sha256([modelBytes, ...parts]);
  if (ref.sha256 && ref.sha256.toLowerCase() !== digest) {
    throw new AssayError('BAD_INPUT', `The backbone at ${ref.location} has sha256 ${digest}, not the expected ${ref.sha256}. It changed, or the download was damaged; remove ${local} to fetch it again.`);
  }
  return {
    artifacts: { modelTopology: model.modelTopology, weightSpecs: model.weightsManifest.flatMap((g) => g.weights), weightData: toArrayBuffer(parts) },
    name: path.basename(ref.location.replace(/\/model\.json$/, '').replace(/\/$/, '')) || 'layers-model',
    featureLayer: ref.featureLayer ?? defaultFeatureLayer(model.modelTopology),
    scaling: ref.scaling ?? '0..1',
    sha256: digest,
  };
}

export async function openBackbone(tf: Tf, ref: BackboneRef, inputSize: number | undefined, signal?: AbortSignal): Promise<{ backbone: Backbone; info: BackboneInfo }> {
  const r = await resolveBackbone(ref, signal);
  const backbone = await loadBackbone(tf, r.artifacts, { name: r.name, featureLayer: r.featureLayer, scaling: r.scaling, ...(inputSize ? { inputSize } : {}) });
  const info: BackboneInfo = {
    id: `${r.name}@${backbone.inputSize}:${r.sha256.slice(0, 16)}`,
    name: r.name,
    inputSize: backbone.inputSize,
    scaling: r.scaling,
    featureLayer: r.featureLayer,
    features: backbone.features,
    sha256: r.sha256,
  };
  return { backbone, info };
}
