// Cleansing during import: `assay import --recipe` of a generated messy CSV (400,000 rows) with a
// recipe of row-local steps (trim, map, unit, date) and whole-column steps (median imputation,
// IQR flag, duplicates by key) against the same import without a recipe, in the same run.
// Reports both times, their ratio (the recipe's overhead), rows changed and the worker's peak RSS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, dataDir, round, tempHome, watchRss } from './lib.mjs';

const rows = 400_000;
const file = path.join(dataDir, 'recipe-400k.csv');

function generate() {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, 'id,name,ok,temp_f,weight,day,region,score\n');
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    const id = i % 50 === 0 ? i - 1 : i;
    const name = i % 3 === 0 ? `  ann   lee ${i} ` : `bob ${i}`;
    buf += `${id},${name},${['yes', 'Y', 'no', 'N'][i % 4]},${50 + ((i * 7) % 40)},${i % 5 === 0 ? '' : 60 + (i % 13)},${(i % 28) + 1}.${(i % 12) + 1}.2024,${['north', 'south', 'east'][i % 3]},${i % 997 === 0 ? 9999 : (i * 0.37) % 100}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
}

const recipe = {
  format: 'assay-recipe/1',
  steps: [
    { kind: 'trim', columns: ['name'], collapse: true },
    { kind: 'map', column: 'ok', mapping: { yes: true, y: true, no: false, n: false }, caseInsensitive: true },
    { kind: 'unit', column: 'temp_f', factor: 5 / 9, offset: -160 / 9, from: '°F', to: '°C' },
    { kind: 'date', column: 'day', from: 'D.M.YYYY' },
    { kind: 'impute', column: 'weight', method: 'median' },
    { kind: 'outliers', column: 'score', method: 'iqr', action: 'flag' },
    { kind: 'duplicates', keys: ['id'], action: 'flag' },
  ],
};

async function importOnce(withRecipe) {
  const home = tempHome();
  const project = path.join(home, 'bench.assay');
  const env = { ...process.env, ASSAY_HOME: home };
  const recipeFile = path.join(home, 'recipe.json');
  fs.writeFileSync(recipeFile, JSON.stringify(withRecipe ? recipe : { format: 'assay-recipe/1', steps: [] }));
  const run = (args) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      const rss = watchRss(child.pid);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.once('exit', (code) => (code === 0 ? resolve({ out, rss: rss.stop() }) : reject(new Error(`assay ${args[0]} exited ${code}`))));
    });
  await run(['new', project]);
  const t0 = performance.now();
  const { out, rss } = await run(['import', project, file, '--recipe', recipeFile, '--json']);
  const seconds = (performance.now() - t0) / 1000;
  fs.rmSync(home, { recursive: true, force: true });
  return { seconds, result: JSON.parse(out), rss };
}

generate();
const plain = await importOnce(false);
const cleansed = await importOnce(true);
console.log(
  JSON.stringify({
    bench: 'recipe',
    rows,
    fileMB: round(fs.statSync(file).size / 1e6, 1),
    importSeconds: round(plain.seconds),
    importWithRecipeSeconds: round(cleansed.seconds),
    ratioWithRecipeToPlain: round(cleansed.seconds / plain.seconds, 3),
    rowsChanged: cleansed.result.rowsChanged,
    cellsChanged: cleansed.result.recipe.cellsChanged,
    steps: cleansed.result.recipe.steps.map((s) => `${s.kind}:${s.cellsChanged}`).join(' '),
    peakRssWorkerMB: cleansed.rss.workerMB,
    peakRssWorkerPlainMB: plain.rss.workerMB,
  }),
);
