// Peak memory of `assay train-images` on 10,000 generated images (IMAGES_SCALE_N), MobileNetV2
// at IMAGES_SCALE_SIZE px (default 96), phase 1, 5 epochs: images are streamed from disk in batches
// and features cached in the project, so memory should grow with the features (n × 1,280 floats)
// only. Reference, same run: the same pipeline on a tenth of the images; the ratio of peak worker
// RSS shows how memory scales. Also images/s over the whole run (import, features, head).
import fs from 'node:fs';
import path from 'node:path';
import { round, tempHome } from './lib.mjs';
import { assayJson, patternFolder } from './images-lib.mjs';

const home = tempHome();
const n = Number(process.env.IMAGES_SCALE_N ?? 10000);
const size = process.env.IMAGES_SCALE_SIZE ?? '96';

async function run(count) {
  const dir = path.join(home, `set-${count}`);
  patternFolder(dir, count, 10, 64);
  const { json, seconds, rss } = await assayJson(['train-images', path.join(home, `p${count}.assay`), '--folder', dir, '--input-size', size, '--epochs', '5', '--seed', '1'], home);
  const p1 = json.phases[0];
  return { images: count, seconds: round(seconds, 1), imagesPerSecondWholeRun: round(count / seconds, 1), accuracy: round(p1.accuracy, 4), peakRssHostMB: rss.hostMB, peakRssWorkerMB: rss.workerMB };
}

const reference = await run(Math.max(100, Math.round(n / 10)));
const big = await run(n);
fs.rmSync(home, { recursive: true, force: true });
console.log(JSON.stringify({
  bench: 'images-scale',
  inputSize: Number(size),
  big,
  reference,
  workerRssRatio: round(big.peakRssWorkerMB / reference.peakRssWorkerMB, 3),
  featureMBExpected: round((n * 1280 * 4) / 2 ** 20, 1),
}));
