// Image classification accuracy on real pixel data written out as PNG class folders:
// scikit-learn's digits (8×8, 10 classes; IMAGES_DIGITS_PER_CLASS per class, default 30) and
// skimage's LFW subset (25×25, faces vs non-faces, 200 images). `assay train-images` with
// MobileNetV2 at 96 px: phase 1 (frozen backbone + head) vs phase 2 (top 2 blocks fine-tuned, 2 epochs).
// Reference, same run, same test split: 1-nearest-neighbour on the raw pixels.
import fs from 'node:fs';
import path from 'node:path';
import pngjs from 'pngjs';
import { loadInspect, round, sharedData, tempHome } from './lib.mjs';
import { assayJson, pixelCsvFolder } from './images-lib.mjs';

const home = tempHome();
const perClass = Number(process.env.IMAGES_DIGITS_PER_CLASS ?? 30);
const blocks = process.env.IMAGES_FINE_TUNE_BLOCKS ?? '2';

function rawPixels(file) {
  const png = pngjs.PNG.sync.read(fs.readFileSync(file));
  const out = new Float64Array(png.width * png.height);
  for (let i = 0; i < out.length; i++) out[i] = png.data[i * 4];
  return out;
}

/** 1-NN on raw pixels over the project's own stored train/test split. */
async function nearestNeighbour(project, setId) {
  const { openDatabase, tableRows } = await loadInspect();
  const db = openDatabase(project, { readonly: true });
  const rows = tableRows(db, 'images', { columns: ['path', 'label', 'split'], where: { set_id: setId, status: 'ok' } });
  db.close();
  const train = rows.filter((r) => r.split !== 'test').map((r) => ({ x: rawPixels(r.path), label: r.label }));
  const test = rows.filter((r) => r.split === 'test');
  let right = 0;
  for (const t of test) {
    const x = rawPixels(t.path);
    let best = Infinity;
    let label = null;
    for (const r of train) {
      let d = 0;
      for (let i = 0; i < x.length; i++) d += (x[i] - r.x[i]) ** 2;
      if (d < best) [best, label] = [d, r.label];
    }
    if (label === t.label) right++;
  }
  return right / test.length;
}

async function one(name, csv, opts) {
  const dir = path.join(home, name);
  const n = pixelCsvFolder(path.join(sharedData, csv), dir, opts);
  const project = path.join(home, `${name}.assay`);
  const { json, seconds, rss } = await assayJson(['train-images', project, '--folder', dir, '--input-size', '96', '--epochs', '50', '--fine-tune-blocks', blocks, '--seed', '1'], home);
  const p = Object.fromEntries(json.phases.map((ph) => [`phase${ph.phase}`, { accuracy: round(ph.accuracy, 4), macro_f1: round(ph.macro_f1, 4), seconds: round(ph.seconds, 1) }]));
  const reference = await nearestNeighbour(project, json.imageSetId);
  return { images: n, test: json.images.split.test, ...p, notes: json.notes, reference1nnAccuracy: round(reference, 4), ratioPhase1ToReference: round(json.phases[0].accuracy / reference, 3), seconds: round(seconds, 1), peakRssWorkerMB: rss.workerMB };
}

const digits = await one('digits', 'digits.csv', { labelColumn: 'label', side: 8, max: 16, perClass });
const faces = await one('faces', 'lfw_subset_faces.csv', { labelColumn: 'is_face', side: 25, max: 1 });
fs.rmSync(home, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'images-accuracy', backbone: 'mobilenet_v2@96', fineTuneBlocks: Number(blocks), digits, faces }));
