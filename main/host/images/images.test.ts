import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { patternRgba, pngBytes, writeClassFolder } from '../../../native-workers/images/test-images';
import type { ImagePage, ImagePrediction, ImageRunSummary, ImageSetSummary, ImageTrainEstimate } from '../../../preload/contract/images';
import { Host } from '../host';
import { tempDir } from '../testing';
import { countTableRows, tableRows } from '../../../native-workers/project/inspect';

const dir = tempDir('assay-images-');
let n = 0;

function newHost(): Host {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(path.join(dir, `p${++n}.assay`));
  return host;
}

async function importFolder(host: Host, folder: string): Promise<{ status: string; error: string | null; set: ImageSetSummary | null }> {
  const { jobId, done } = host.images.startImport({ source: { kind: 'folder', path: folder } });
  const info = await done;
  return { status: info.status, error: info.error?.message ?? null, set: info.status === 'succeeded' ? (host.jobs.resultOf(jobId) as ImageSetSummary) : null };
}

describe('image sets: import with bad input listed, split stratified', () => {
  it('imports PNG/JPEG/WebP class folders; lists corrupt, duplicate and huge files with reasons; keeps the good ones', async () => {
    const folder = path.join(dir, 'shapes');
    await writeClassFolder(folder, ['circle', 'square', 'stripe'], 10, 32, { mixed: true });
    fs.writeFileSync(path.join(folder, 'circle', 'broken.png'), pngBytes(patternRgba(0, 3, 99, 16), 16, 16).subarray(0, 60));
    fs.copyFileSync(path.join(folder, 'square', '0.png'), path.join(folder, 'square', 'copy-of-0.png'));
    const huge = pngBytes(new Uint8Array(4), 1, 1);
    huge.writeUInt32BE(20000, 16);
    huge.writeUInt32BE(20000, 20);
    fs.writeFileSync(path.join(folder, 'stripe', 'huge.png'), huge);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not an image');
    const host = newHost();
    try {
      const r = await importFolder(host, folder);
      expect(r.error).toBeNull();
      const set = r.set!;
      expect(set.classes).toEqual(['circle', 'square', 'stripe']);
      expect(set.counts).toEqual([10, 10, 10]);
      expect(set.issues).toBe(3);
      expect(set.splitCounts.train + set.splitCounts.validation + set.splitCounts.test).toBe(30);
      expect(set.splitCounts.test).toBeGreaterThanOrEqual(3);
      const issues = (await host.dispatch('images:list', { setId: set.id, offset: 0, limit: 50, filter: 'issues' })) as ImagePage;
      const byName = Object.fromEntries(issues.images.map((i) => [path.basename(i.path), i]));
      expect(byName['broken.png']).toMatchObject({ status: 'corrupt' });
      expect(byName['copy-of-0.png']).toMatchObject({ status: 'duplicate' });
      expect(byName['copy-of-0.png']!.issue).toMatch(/Same content as .*0\.png/);
      expect(byName['huge.png']).toMatchObject({ status: 'refused' });
      expect(byName['huge.png']!.issue).toMatch(/20000 × 20000 pixels is too large/);
      const page = (await host.dispatch('images:list', { setId: set.id, offset: 0, limit: 5, filter: { label: 'stripe' } })) as ImagePage;
      expect(page.total).toBe(10);
      expect(page.images[0]!.thumbnail).toMatch(/^data:image\/png;base64,/);
      expect(page.images.map((i) => i.split).every((s) => s !== null)).toBe(true);
      // The split is per class: every class has test images.
      const all = (await host.dispatch('images:list', { setId: set.id, offset: 0, limit: 100, filter: 'all' })) as ImagePage;
      for (const c of set.classes) expect(all.images.some((i) => i.label === c && i.split === 'test')).toBe(true);
    } finally {
      await host.jobs.shutdown();
    }
  });

  it('refuses an empty folder, a single class, and a missing folder with what to do next; nothing is left behind', async () => {
    const host = newHost();
    try {
      const empty = path.join(dir, 'empty');
      fs.mkdirSync(path.join(empty, 'cats'), { recursive: true });
      const a = await importFolder(host, empty);
      expect(a.status).toBe('failed');
      expect(a.error).toMatch(/holds no PNG, JPEG or WebP images in class subfolders/);
      const single = path.join(dir, 'single');
      await writeClassFolder(single, ['cats'], 4, 16);
      const b = await importFolder(host, single);
      expect(b.error).toMatch(/Only one class \('cats', 4 usable images\).*at least two classes/);
      const c = await importFolder(host, path.join(dir, 'nope'));
      expect(c.error).toMatch(/does not exist/);
      expect(await host.dispatch('images:sets', null)).toEqual([]);
      expect(countTableRows(host.currentProject!.db, 'images')).toBe(0);
    } finally {
      await host.jobs.shutdown();
    }
  }, 480_000);
});

describe('image sets from a dropped folder (browser mode: uploads)', () => {
  it('files uploaded images by their class into a folder beside the project, which the set refers to', async () => {
    const folder = path.join(dir, 'dropped');
    await writeClassFolder(folder, ['ant', 'bee'], 6, 16);
    const host = newHost();
    try {
      const files: { uploadId: string; label: string }[] = [];
      for (const label of ['ant', 'bee']) {
        for (const name of fs.readdirSync(path.join(folder, label))) {
          const up = await host.uploads.receive(`dropped/${label}/${name}`, fs.createReadStream(path.join(folder, label, name)));
          files.push({ uploadId: up.id, label });
        }
      }
      const { jobId, done } = host.images.startImport({ source: { kind: 'uploads', files }, name: 'dropped' });
      expect((await done).status).toBe('succeeded');
      const set = host.jobs.resultOf(jobId) as ImageSetSummary;
      expect(set).toMatchObject({ name: 'dropped', classes: ['ant', 'bee'], counts: [6, 6], issues: 0 });
      const page = (await host.dispatch('images:list', { setId: set.id, offset: 0, limit: 20, filter: 'all' })) as ImagePage;
      // The images now live beside the project (they outlive the uploads), one folder per class.
      const project = host.currentProject!.path;
      for (const img of page.images) {
        expect(img.path.startsWith(`${project}-images${path.sep}`)).toBe(true);
        expect(path.basename(path.dirname(img.path))).toBe(img.label);
        expect(fs.existsSync(img.path)).toBe(true);
      }
      expect(() => host.uploads.get(files[0]!.uploadId)).toThrow();
    } finally {
      await host.jobs.shutdown();
    }
  }, 120_000);
});

describe('image sets from a CSV of path,label', () => {
  it('resolves paths relative to the CSV, lists unreadable files and skips rows without a label', async () => {
    const folder = path.join(dir, 'csv-set');
    await writeClassFolder(folder, ['left', 'right'], 4, 16);
    const rows = ['path,label', ...['left', 'right'].flatMap((c) => [0, 1, 2, 3].map((i) => `${c}/${i}.png,${c}`)), 'left/missing.png,left', 'right/0.png,'];
    const csv = path.join(folder, 'labels.csv');
    fs.writeFileSync(csv, `${rows.join('\n')}\n`);
    const host = newHost();
    try {
      const { jobId, done } = host.images.startImport({ source: { kind: 'csv', path: csv } });
      expect((await done).status).toBe('succeeded');
      const set = host.jobs.resultOf(jobId) as ImageSetSummary;
      expect(set).toMatchObject({ name: 'labels', classes: ['left', 'right'], counts: [4, 4], issues: 1 });
      const issues = (await host.dispatch('images:list', { setId: set.id, offset: 0, limit: 10, filter: 'issues' })) as ImagePage;
      expect(issues.images[0]).toMatchObject({ status: 'corrupt', issue: 'Cannot read: ENOENT' });
      const bad = path.join(folder, 'bad.csv');
      fs.writeFileSync(bad, 'file,class\na.png,x\n');
      const r = host.images.startImport({ source: { kind: 'csv', path: bad } });
      expect((await r.done).error?.message).toMatch(/needs a header with the columns path and label \(found: file, class\)/);
    } finally {
      await host.jobs.shutdown();
    }
  });
});

describe('image training in a worker: MobileNetV2 features, phase 1 head, evaluation, predict, export', () => {
  it('trains, caches embeddings, predicts files and exports a model that predicts the same', async () => {
    const folder = path.join(dir, 'train-set');
    await writeClassFolder(folder, ['a', 'b', 'c'], 8, 48, { mixed: true });
    const host = newHost();
    try {
      const { set } = await importFolder(host, folder);
      const spec = { imageSetId: set!.id, inputSize: 96, epochs: 30, seed: 5 };
      const est = (await host.dispatch('images:estimate', spec)) as ImageTrainEstimate;
      expect(est.images).toBe(24);
      expect(est.cachedEmbeddings).toBe(0);
      expect(est.embedSecondsPerImage).toBeGreaterThan(0);
      expect(est.seconds).toBeGreaterThan(0);
      expect(est.peakMemoryMB).toBeGreaterThan(50);

      const progress: number[] = [];
      const live: ImageRunSummary[] = [];
      host.push.subscribe((channel, payload) => {
        if (channel === 'job:progress') progress.push((payload as { progress: { value: number } }).progress.value);
        if (channel === 'images:run' && (payload as ImageRunSummary).status === 'running') live.push(payload as ImageRunSummary);
      });
      const { runId } = (await host.dispatch('images:train', { ...spec, fineTuneBlocks: 2, fineTuneEpochs: 2 })) as { runId: number };
      const s: ImageRunSummary = await host.images.wait(runId);
      expect(s.error).toBeNull();
      expect(s.status).toBe('succeeded');
      expect(s.backbone).toMatchObject({ name: 'mobilenet_v2', inputSize: 96, features: 1280, scaling: '0..1', featureLayer: 'flatten_1' });
      const p1 = s.phases[0]!;
      // Phase 2 stays only when it beat phase 1 on validation; the run says which, with both scores.
      const kept = s.phases.length === 2;
      expect(s.notes.filter((n) => (kept ? /^Phase 2 kept: validation accuracy/ : /not better than phase 1's .*: phase 1 is kept as the model\.$/).test(n))).toHaveLength(1);
      expect(s.notes.some((n) => /^Phase 1 head: logistic regression on standardised features, C = [\d.]+ chosen on \d+ validation images/.test(n))).toBe(true);
      if (kept) {
        const p2 = s.phases[1]!;
        // Phase 2 is scored on the same test images as phase 1.
        expect(p2.confusion.flat().reduce((a, b) => a + b, 0)).toBe(set!.splitCounts.test);
        expect(p2.history.length).toBeGreaterThanOrEqual(1);
        expect(p2.history.length).toBeLessThanOrEqual(2);
      }
      // Both phases' curves were written as they trained and pushed while the run was still running.
      expect(s.curves!.map((c) => [c.phase, c.unit])).toEqual([[1, 'iteration'], [2, 'epoch']]);
      expect(live.some((r) => r.curves?.some((c) => c.phase === 1 && c.history.length > 0))).toBe(true);
      expect(live.some((r) => r.curves?.some((c) => c.phase === 2 && c.history.length === 1))).toBe(true);
      expect(p1.accuracy).toBeGreaterThanOrEqual(0.66);
      expect(p1.confusion.flat().reduce((a, b) => a + b, 0)).toBe(set!.splitCounts.test);
      expect(p1.perClass.map((c) => c.label)).toEqual(['a', 'b', 'c']);
      expect(p1.topK['1']).toBeCloseTo(p1.accuracy, 12);
      expect(p1.history.length).toBeGreaterThan(0);
      expect(progress.length).toBeGreaterThan(0);
      expect(countTableRows(host.currentProject!.db, 'image_embeddings')).toBe(24);

      // A second run embeds nothing again: every feature comes from the cache.
      const est2 = (await host.dispatch('images:estimate', spec)) as ImageTrainEstimate;
      expect(est2.cachedEmbeddings).toBe(24);

      const probe = [path.join(folder, 'a', '0.png'), path.join(folder, 'c', '4.webp'), path.join(dir, 'missing.png')];
      const preds = (await host.dispatch('images:predict', { runId, phase: 1, paths: probe })) as ImagePrediction[];
      expect(preds[0]!.label).not.toBeNull();
      expect(preds[0]!.top.reduce((a, t) => a + t.probability, 0)).toBeCloseTo(1, 4);
      expect(preds[2]!.error).toMatch(/ENOENT|no such file/);
      // The kept phase's model is the default for prediction; a phase 2 that lost to phase 1 left no model.
      const predsDefault = (await host.dispatch('images:predict', { runId, paths: probe.slice(0, 1) })) as ImagePrediction[];
      if (kept) {
        const preds2 = (await host.dispatch('images:predict', { runId, phase: 2, paths: probe.slice(0, 1) })) as ImagePrediction[];
        expect(predsDefault[0]!.top).toEqual(preds2[0]!.top);
        expect(preds2[0]!.top.reduce((a, t) => a + t.probability, 0)).toBeCloseTo(1, 4);
      } else {
        expect(predsDefault[0]!.top).toEqual(preds[0]!.top);
        await expect(host.dispatch('images:predict', { runId, phase: 2, paths: probe.slice(0, 1) })).rejects.toThrow(/has no trained image model for phase 2/);
      }

      const out = path.join(dir, 'exported');
      const { done } = host.images.startExport(runId, out, 1);
      const ex = await done;
      expect(ex.files).toEqual(['group1-shard1of1.bin', 'model.json', 'preprocessing.json']);
      const pre = JSON.parse(fs.readFileSync(path.join(out, 'preprocessing.json'), 'utf8')) as { classes: string[]; input: { width: number }; scaling: string };
      expect(pre).toMatchObject({ classes: ['a', 'b', 'c'], input: { width: 96 }, scaling: '0..1' });
      // The exported model, loaded by plain TF.js, gives the app's probabilities.
      await tf.setBackend('cpu');
      const modelJson = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
      const w = fs.readFileSync(path.join(out, 'group1-shard1of1.bin'));
      const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights, weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) }));
      const { decodeImage } = await import('../../../native-workers/images/decode');
      const { squareRgb } = await import('../../../native-workers/ml/images/pixels');
      const rgb = squareRgb(await decodeImage(fs.readFileSync(probe[0]!)), 96);
      const p = tf.tidy(() => (model.predict(tf.tensor4d(rgb, [1, 96, 96, 3], 'int32').toFloat().div(255)) as tf.Tensor).dataSync());
      const app = preds[0]!.top.slice().sort((x, y) => pre.classes.indexOf(x.label) - pre.classes.indexOf(y.label)).map((t) => t.probability);
      for (let k = 0; k < 3; k++) expect(Math.abs(p[k]! - app[k]!)).toBeLessThan(1e-3);
      model.dispose();
      // Exporting into a folder that is not empty is refused, nothing written.
      await expect(host.images.startExport(runId, out, 1).done).rejects.toThrow(/not empty/);
    } finally {
      await host.jobs.shutdown();
    }
  }, 480_000);
});

describe('cancelling an image training run', () => {
  it('stops the worker cooperatively, marks the run cancelled (not failed) and keeps no model', async () => {
    const folder = path.join(dir, 'cancel-set');
    await writeClassFolder(folder, ['x', 'y'], 40, 32);
    const host = newHost();
    try {
      const { set } = await importFolder(host, folder);
      const { runId, done } = host.images.startTrain({ imageSetId: set!.id, inputSize: 96, epochs: 5 });
      // Cancel as soon as the worker reports its first progress (while it embeds images).
      await new Promise<void>((resolve) => {
        const off = host.push.subscribe((channel, payload) => {
          const p = payload as { jobId?: string };
          if (channel === 'job:progress' && p.jobId && host.jobs.get(p.jobId).kind === 'images-train') {
            off();
            resolve();
          }
        });
      });
      host.images.cancel(runId);
      const s = await done;
      expect(s.status).toBe('cancelled');
      expect(s.error).toBe('Cancelled.');
      expect(countTableRows(host.currentProject!.db, 'image_models', { run_id: runId })).toBe(0);
      const run = tableRows(host.currentProject!.db, 'runs', { columns: ['status'], where: { id: runId } })[0] as { status: string };
      expect(run.status).toBe('cancelled');
    } finally {
      await host.jobs.shutdown();
    }
  });
});
