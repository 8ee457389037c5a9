// Helpers of the image benchmarks: pixel CSVs and generated patterns written as PNG class folders,
// `assay train-images` run with its host and worker peak RSS watched.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pngjs from 'pngjs';
import { cli, watchRss } from './lib.mjs';

export function writePng(file, rgba, w, h) {
  fs.writeFileSync(file, pngjs.PNG.sync.write({ width: w, height: h, data: Buffer.from(rgba) }));
}

/** Rows of a pixel CSV (digits: 0..16, lfw: 0..1) as grey PNGs in one folder per class. */
export function pixelCsvFolder(csv, dir, { labelColumn, side, max, perClass = Infinity }) {
  const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
  const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  const li = header.indexOf(labelColumn);
  const cols = header.map((_, i) => i).filter((i) => i !== li);
  const seen = new Map();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const label = cells[li].replace(/"/g, '');
    const k = seen.get(label) ?? 0;
    if (k >= perClass) continue;
    seen.set(label, k + 1);
    const rgba = new Uint8Array(side * side * 4);
    cols.forEach((c, p) => {
      const v = Math.round((Number(cells[c]) / max) * 255);
      rgba.set([v, v, v, 255], p * 4);
    });
    fs.mkdirSync(path.join(dir, label), { recursive: true });
    writePng(path.join(dir, label, `${k}.png`), rgba, side, side);
  }
  return [...seen.values()].reduce((a, b) => a + b, 0);
}

/** n images of `classes` colour-stripe patterns with noise (as the tests' patternRgba), side px. */
export function patternFolder(dir, n, classes, side) {
  for (let i = 0; i < n; i++) {
    const k = i % classes;
    const rgba = new Uint8Array(side * side * 4);
    let s = (k * 7919 + i * 104729 + 1) >>> 0;
    const angle = (Math.PI * k) / classes;
    const hue = [(k * 97) % 256, (k * 53 + 80) % 256, (k * 181 + 160) % 256];
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const stripe = Math.sin(((x * Math.cos(angle) + y * Math.sin(angle)) / side) * Math.PI * (3 + k)) > 0 ? 1 : 0.3;
        const p = (y * side + x) * 4;
        for (let c = 0; c < 3; c++) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          rgba[p + c] = Math.max(0, Math.min(255, Math.round(hue[c] * stripe + ((s >>> 24) - 128) * 0.25)));
        }
        rgba[p + 3] = 255;
      }
    }
    fs.mkdirSync(path.join(dir, `c${k}`), { recursive: true });
    writePng(path.join(dir, `c${k}`, `${i}.png`), rgba, side, side);
  }
}

/** Runs the CLI; resolves with its JSON output, wall seconds and peak RSS of host and workers. */
export function assayJson(args, home) {
  const started = Date.now();
  const child = spawn(process.execPath, [cli, ...args, '--json'], { env: { ...process.env, ASSAY_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  const rss = watchRss(child.pid, 100);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const peak = rss.stop();
      if (code !== 0) reject(new Error(`assay ${args[0]} exited ${code}: ${err}`));
      else resolve({ json: JSON.parse(out), seconds: (Date.now() - started) / 1000, rss: peak });
    });
  });
}
