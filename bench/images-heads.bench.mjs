// Phase-1 heads and the phase-2 keep rule (#14.16), `assay train-images` at 96 px with MobileNetV2:
// 300 generated stripe images in 3 classes (210 train / 45 validation / 45 test, the set) trained
// with 5 epochs + 1 fine-tuned block, with the defaults (logreg head), and with the dense head; then
// scikit-learn's digits (30 per class) with 2 fine-tuned blocks, where fine-tuning used to lose to phase 1.
// Later runs on a set reuse its cached embeddings (`--set`), so only heads and fine-tuning are re-timed.
import fs from 'node:fs';
import path from 'node:path';
import { round, sharedData, tempHome } from './lib.mjs';
import { assayJson, patternFolder, pixelCsvFolder } from './images-lib.mjs';

const home = tempHome();

async function run(project, source, args) {
  const { json, seconds } = await assayJson(['train-images', project, ...source, '--input-size', '96', '--seed', '1', ...args], home);
  const phases = Object.fromEntries(json.phases.map((p) => [`phase${p.phase}`, round(p.accuracy, 4)]));
  return { args: args.join(' ') || 'defaults', ...phases, split: json.images.split, notes: json.notes, seconds: round(seconds, 1), setName: json.imageSet };
}

const synthetic = path.join(home, 'synthetic');
patternFolder(synthetic, 300, 3, 32);
const sp = path.join(home, 'synthetic.assay');
const a = await run(sp, ['--folder', synthetic], ['--epochs', '5', '--fine-tune-blocks', '1']);
const b = await run(sp, ['--set', a.setName], []);
const c = await run(sp, ['--set', a.setName], ['--head', 'dense']);

const digitsDir = path.join(home, 'digits');
pixelCsvFolder(path.join(sharedData, 'digits.csv'), digitsDir, { labelColumn: 'label', side: 8, max: 16, perClass: 30 });
const d = await run(path.join(home, 'digits.assay'), ['--folder', digitsDir], ['--fine-tune-blocks', '2', '--fine-tune-epochs', '2']);
fs.rmSync(home, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'images-heads', backbone: 'mobilenet_v2@96', synthetic: [a, b, c], digits: d }));
