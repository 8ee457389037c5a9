import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError } from '../../preload/contract/errors';
import { imageTrainNumberProblem, type BackboneRef, type ImageRunSummary, type ImageSetSummary, type ImageTrainNumber, type ImageTrainSpec } from '../../preload/contract/images';
import type { Host } from '../host/host';
import { listImageSets } from '../../native-workers/project/images';
import { cliHost, positiveNumber, progressPrinter, UsageError } from './common';

export const imagesUsage = `  assay train-images FILE.assay (--folder DIR | --csv FILE | --set NAME|ID) [--backbone mobilenet_v2|DIR|URL]
              [--input-size N] [--head logreg|dense] [--epochs N] [--fine-tune-blocks N]
              [--fine-tune-epochs N] [--seed S] [--executor local|NAME] [--embed-shards N] [--json]
      imports a folder with one subfolder per class (or a CSV of path,label), trains a head on the
      frozen backbone (phase 1: logistic regression by default, its penalty chosen on validation,
      or a dense head trained for up to --epochs; both refitted on training + validation) and
      phase 2 fine-tunes the top N blocks, kept only if it beats phase 1 on validation; scores the test split;
      creates FILE.assay if missing; prints {runId, phases: [{phase, accuracy, macro_f1, …}]};
      --executor trains as one job on a cluster executor of compute.json (the nodes must see the images' paths);
      --embed-shards N extracts the features first in N shards (on that executor too), then trains on them
  assay embed-images FILE.assay --set NAME|ID [--backbone mobilenet_v2|DIR|URL] [--input-size N] [--shards N]
              [--executor local|NAME] [--json]
      the backbone's features of every usable image of the set, in N shards (one job each, locally or on a
      cluster executor), into the project's embedding cache, which train-images on the same backbone and
      input size then reads instead of embedding again; prints {set, backboneId, images, cached, computed, shards, executor}
  assay predict FILE.assay --run RUN_ID IMAGE... [--phase 1|2] [--json]
  assay export-images FILE.assay --run RUN_ID --to DIR [--phase 1|2] [--json]
      TF.js layers model.json + weights + preprocessing.json`;

function wholeNumber(flag: string, v: string | undefined, min = 0): number | undefined {
  const n = positiveNumber(flag, v);
  if (n !== undefined && (!Number.isInteger(n) || n < min)) throw new UsageError(`${flag} must be a whole number ≥ ${min}, not ${v}`);
  return n;
}

/** A numeric training setting from its flag, checked against the same ranges as the app's form and door. */
function setting(flag: string, field: ImageTrainNumber, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const problem = imageTrainNumberProblem(field, v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
  if (problem) throw new UsageError(`${flag} ${problem.replace(/; got .*$/, '')}, not ${v}`);
  return Number(v);
}

function backboneRef(raw: string | undefined): BackboneRef | undefined {
  if (raw === undefined || raw === 'mobilenet_v2') return raw === undefined ? undefined : { kind: 'builtin', id: 'mobilenet_v2' };
  if (/^https?:\/\//.test(raw) || fs.existsSync(raw)) return { kind: 'layers', location: /^https?:\/\//.test(raw) ? raw : path.resolve(raw) };
  throw new UsageError(`--backbone takes mobilenet_v2, a folder with a TF.js layers model.json, or its URL; ${raw} is none of these`);
}

function phaseArg(v: string | undefined): 1 | 2 | undefined {
  if (v === undefined) return undefined;
  if (v !== '1' && v !== '2') throw new UsageError(`--phase must be 1 or 2, not ${v}`);
  return Number(v) as 1 | 2;
}

function withProgress<T>(host: Host, work: () => Promise<T>): Promise<T> {
  const print = progressPrinter();
  const unsubscribe = host.push.subscribe((channel, payload) => {
    if (channel === 'job:progress') print(host.jobs.get((payload as { jobId: string }).jobId));
  });
  return work().finally(() => {
    unsubscribe();
    if (process.stderr.isTTY) process.stderr.write('\n');
  });
}

export function imageRunJson(s: ImageRunSummary, set: ImageSetSummary | null): Record<string, unknown> {
  const phase = (p: ImageRunSummary['phases'][number]): Record<string, unknown> => ({
    phase: p.phase,
    accuracy: p.accuracy,
    macro_f1: p.macro_f1,
    topK: p.topK,
    perClass: p.perClass,
    confusion: p.confusion,
    bestEpoch: p.bestEpoch,
    epochs: p.history.length,
    seconds: p.seconds,
    misclassified: p.misclassified.length,
  });
  return {
    runId: s.runId,
    status: s.status,
    imageSetId: s.imageSetId,
    imageSet: s.imageSetName,
    images: set ? { usable: set.usable, issues: set.issues, split: set.splitCounts } : null,
    classes: s.classes,
    backbone: s.backbone,
    phases: s.phases.map(phase),
    ...Object.fromEntries(s.phases.map((p) => [`phase${p.phase}`, { accuracy: p.accuracy, macro_f1: p.macro_f1 }])),
    notes: s.notes,
    seed: s.spec.seed,
    seconds: s.seconds,
    error: s.error,
  };
}

export async function cmdTrainImages(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      folder: { type: 'string' },
      csv: { type: 'string' },
      set: { type: 'string' },
      backbone: { type: 'string' },
      'input-size': { type: 'string' },
      epochs: { type: 'string' },
      'fine-tune-blocks': { type: 'string' },
      'fine-tune-epochs': { type: 'string' },
      head: { type: 'string' },
      seed: { type: 'string' },
      executor: { type: 'string' },
      'embed-shards': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('assay train-images takes one FILE.assay');
  const sources = [values.folder, values.csv, values.set].filter((v) => v !== undefined).length;
  if (sources !== 1) throw new UsageError('assay train-images needs exactly one of --folder DIR, --csv FILE or --set NAME');
  const epochs = setting('--epochs', 'epochs', values.epochs);
  const blocks = setting('--fine-tune-blocks', 'fineTuneBlocks', values['fine-tune-blocks']);
  const fineTuneEpochs = setting('--fine-tune-epochs', 'fineTuneEpochs', values['fine-tune-epochs']);
  const inputSize = setting('--input-size', 'inputSize', values['input-size']);
  const head = values.head;
  if (head !== undefined && head !== 'logreg' && head !== 'dense') throw new UsageError(`--head takes logreg or dense, not ${head}`);
  const seed = wholeNumber('--seed', values.seed);
  const embedShards = wholeNumber('--embed-shards', values['embed-shards'], 1);
  const backbone = backboneRef(values.backbone);
  const file = path.resolve(positionals[0]!);
  const host = cliHost();
  try {
    if (fs.existsSync(file)) host.openProject(file);
    else host.newProject(file);
    const db = host.currentProject!.db;
    let set: ImageSetSummary;
    if (values.set !== undefined) {
      const all = listImageSets(db);
      const found = all.find((s) => s.name === values.set) ?? all.find((s) => String(s.id) === values.set);
      if (!found) throw new AssayError('NOT_FOUND', `No image set "${values.set}" in this project; it has: ${all.map((s) => `"${s.name}"`).join(', ') || 'none'}.`);
      set = found;
    } else {
      const source = values.folder !== undefined ? { kind: 'folder' as const, path: values.folder } : { kind: 'csv' as const, path: values.csv! };
      const { jobId, done } = host.images.startImport({ source, ...(seed !== undefined ? { seed } : {}) });
      const ended = await withProgress(host, () => done);
      if (ended.status !== 'succeeded') throw new AssayError(ended.error?.code ?? 'BAD_INPUT', ended.error?.message ?? `Import ${ended.status}.`);
      set = host.jobs.resultOf(jobId) as ImageSetSummary;
      if (set.issues > 0 && !values.json) process.stderr.write(`note: ${set.issues} image(s) not used (corrupt, refused or duplicate); see the Images tab\n`);
    }
    const spec: ImageTrainSpec = {
      imageSetId: set.id,
      ...(backbone ? { backbone } : {}),
      ...(inputSize !== undefined ? { inputSize } : {}),
      ...(epochs !== undefined ? { epochs } : {}),
      ...(blocks !== undefined ? { fineTuneBlocks: blocks } : {}),
      ...(fineTuneEpochs !== undefined ? { fineTuneEpochs } : {}),
      ...(head !== undefined ? { head } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(values.executor !== undefined ? { executor: values.executor } : {}),
    };
    if (embedShards !== undefined) {
      // The features first, in shards (on the same executor): the training job then finds them all cached.
      const embedded = await withProgress(host, () => host.embedding.embed({ set: String(set.id), ...(backbone ? { backbone } : {}), ...(inputSize !== undefined ? { inputSize } : {}), shards: embedShards, ...(values.executor !== undefined ? { executor: values.executor } : {}) }));
      if (!values.json) process.stderr.write(`note: ${embedded.computed} images embedded in ${embedded.shards} shard(s) on ${embedded.executor}, ${embedded.cached} cached already\n`);
    }
    const { runId, done } = host.images.startTrain(spec);
    const stop = (): void => host.images.cancel(runId);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let s: ImageRunSummary;
    try {
      s = await withProgress(host, () => done);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    if (values.json) process.stdout.write(`${JSON.stringify(imageRunJson(s, set))}\n`);
    else if (s.status === 'succeeded') {
      const lines = [`run ${s.runId}: ${s.backbone?.name} @${s.backbone?.inputSize}px on "${s.imageSetName}" (${s.classes.length} classes, ${set.splitCounts.test} test images)`];
      for (const p of s.phases) lines.push(`  phase ${p.phase}: accuracy ${p.accuracy.toFixed(4)}, macro F1 ${p.macro_f1.toFixed(4)}, top-k ${Object.entries(p.topK).map(([k, v]) => `${k}:${v.toFixed(3)}`).join(' ')}`);
      for (const n of s.notes) lines.push(`  note: ${n}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (s.status !== 'succeeded') throw new AssayError(s.status === 'cancelled' ? 'CANCELLED' : 'BAD_INPUT', s.error ?? `Training ${s.status}.`);
  } finally {
    await host.close();
  }
}

export async function cmdEmbedImages(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { set: { type: 'string' }, backbone: { type: 'string' }, 'input-size': { type: 'string' }, shards: { type: 'string' }, executor: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('assay embed-images takes one FILE.assay');
  if (!values.set) throw new UsageError('assay embed-images needs --set NAME (an image set of the project, by name or id)');
  const backbone = backboneRef(values.backbone);
  const inputSize = setting('--input-size', 'inputSize', values['input-size']);
  const shards = wholeNumber('--shards', values.shards, 1);
  const host = cliHost();
  try {
    host.openProject(path.resolve(positionals[0]!));
    const s = await withProgress(host, () =>
      host.embedding.embed({
        set: values.set!,
        ...(backbone ? { backbone } : {}),
        ...(inputSize !== undefined ? { inputSize } : {}),
        ...(shards !== undefined ? { shards } : {}),
        ...(values.executor !== undefined ? { executor: values.executor } : {}),
      }),
    );
    if (values.json) process.stdout.write(`${JSON.stringify(s)}\n`);
    else process.stdout.write(`${s.images} images of "${s.set}" through ${s.backboneId} in ${s.shards} shard(s) on ${s.executor}: ${s.computed} embedded, ${s.cached} cached already\n`);
  } finally {
    await host.close();
  }
}

function runArg(v: string | undefined): number {
  const runId = Number(v);
  if (v === undefined || !Number.isInteger(runId) || runId <= 0) throw new UsageError(`--run takes a run number${v === undefined ? '' : `, not ${v}`}`);
  return runId;
}

export async function cmdPredict(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { run: { type: 'string' }, phase: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length < 2) throw new UsageError('assay predict takes FILE.assay --run RUN_ID and at least one IMAGE');
  const runId = runArg(values.run);
  const phase = phaseArg(values.phase);
  const host = cliHost();
  try {
    host.openProject(path.resolve(positionals[0]!), true);
    const preds = await withProgress(host, () => host.images.predict(runId, positionals.slice(1), phase));
    if (values.json) process.stdout.write(`${JSON.stringify({ runId, predictions: preds })}\n`);
    else for (const p of preds) process.stdout.write(p.error ? `${p.path}: error: ${p.error}\n` : `${p.path}: ${p.label} (${(p.confidence * 100).toFixed(1)}%)\n`);
    const failed = preds.filter((p) => p.error).length;
    if (failed > 0) throw new AssayError('BAD_INPUT', `${failed} of ${preds.length} image(s) could not be predicted (see above); the others were.`);
  } finally {
    await host.close();
  }
}

export async function cmdExportImages(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { run: { type: 'string' }, to: { type: 'string' }, phase: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('assay export-images takes one FILE.assay');
  if (!values.to) throw new UsageError('assay export-images needs --to DIR');
  const runId = runArg(values.run);
  const host = cliHost();
  try {
    host.openProject(path.resolve(positionals[0]!), true);
    const res = await withProgress(host, () => host.images.startExport(runId, values.to!, phaseArg(values.phase)).done);
    process.stdout.write(values.json ? `${JSON.stringify(res)}\n` : `exported run ${runId} to ${res.folder}: ${res.files.join(', ')}\n`);
  } finally {
    await host.close();
  }
}
