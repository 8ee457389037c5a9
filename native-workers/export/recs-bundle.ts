/**
 * A recommender version as a bundle (#17): server.js (the same file as tabular bundles; it
 * serves /recommend and /events when model.json says so), the artifact as JSON plus one
 * little-endian binary file per typed array, and golden.json: a scripted session of requests
 * (known users, an unknown one, events, the same users again) with the app's answers. The gate
 * replays it against the bundle's own server: identical lists and reasons, scores within 1e-6.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AssayError } from '../../preload/contract/errors';
import type { ModelVersion } from '../../preload/contract/registry';
import { artifactFromParts, artifactParts, arrayBytes, dtypeOf, type ModelParts } from '../ml/recs/serialize';
import { LiveRecommender, RecsEndpoints } from '../ml/recs/serving';
import { writeManifest } from './manifest';
import { parityTolerance, startBundleServer, type ParityResult } from './parity';
import { stageBundle, type BuiltBundle, type BundleOptions } from './bundle';

/** model.json of a recommender bundle. */
export interface RecsBundleModelFile {
  readonly kind: 'recs';
  readonly name: string;
  readonly version: number;
  readonly algorithm: string;
  readonly arrays: readonly { readonly name: string; readonly dtype: 'f64' | 'i32'; readonly file: string }[];
}

export interface GoldenStep {
  readonly path: '/recommend' | '/events';
  readonly body: Readonly<Record<string, unknown>>;
}

export interface RecsBundleInput {
  readonly version: ModelVersion;
  readonly parts: ModelParts;
  readonly serverJs: string;
}

/** Known users, an unknown one, events (one for an item the model does not know), and the same users again. */
export function goldenSession(userIds: readonly string[], itemIds: readonly string[]): GoldenStep[] {
  const users = userIds.slice(0, 5);
  const stranger = `golden-stranger-${userIds.length}`;
  const asks = [...users, stranger].map((user): GoldenStep => ({ path: '/recommend', body: { user, k: 10 } }));
  const events: GoldenStep = {
    path: '/events',
    body: { events: [...itemIds.slice(0, 3).map((item) => ({ user: stranger, item })), { user: users[0] ?? stranger, item: itemIds[itemIds.length - 1]!, weight: 2 }, { user: stranger, item: 'golden-unknown-item' }] },
  };
  return [...asks, events, ...asks, { path: '/recommend', body: { user: users[1] ?? stranger, k: 5, exclude_seen: false, filters: { exclude: itemIds.slice(0, 2) } } }];
}

/** The app's answers to a session (RecsEndpoints, as its model server runs them); ids left out (they are random). */
export function answerSession(parts: ModelParts, name: string, version: number, steps: readonly GoldenStep[]): Readonly<Record<string, unknown>>[] {
  const live = new LiveRecommender(artifactFromParts(parts.meta, parts.arrays));
  const ep = new RecsEndpoints({ model: name, version, live }, null, 0, { newId: randomUUID });
  return steps.map((s) => {
    const out = s.path === '/recommend' ? ep.recommend(JSON.stringify(s.body)) : ep.events(JSON.stringify(s.body));
    return Object.fromEntries(Object.entries(out.body).filter(([k]) => k !== 'id'));
  });
}

/** Largest score difference between two answers, or what differs otherwise. */
export function compareAnswers(want: Readonly<Record<string, unknown>>, got: Readonly<Record<string, unknown>>): { maxDiff: number; problem: string | null } {
  const { items: wi, ...wRest } = want as { items?: { item: string; score: number }[] };
  // What each server adds of its own: the list's random id, and whether it stored the events.
  const { items: gi, ...gAll } = got as { items?: { item: string; score: number }[] };
  const gRest = Object.fromEntries(Object.entries(gAll).filter(([k]) => k !== 'id' && k !== 'stored' && k !== 'storedNote'));
  if (JSON.stringify(wRest) !== JSON.stringify(gRest)) return { maxDiff: Infinity, problem: `${JSON.stringify(gRest).slice(0, 200)}, the app says ${JSON.stringify(wRest).slice(0, 200)}` };
  if (!wi && !gi) return { maxDiff: 0, problem: null };
  if (!wi || !gi || wi.length !== gi.length) return { maxDiff: Infinity, problem: `${gi?.length ?? 0} items, the app gives ${wi?.length ?? 0}` };
  let maxDiff = 0;
  for (let r = 0; r < wi.length; r++) {
    const { score: ws, ...w } = wi[r]!;
    const { score: gs, ...g } = gi[r]!;
    if (JSON.stringify(w) !== JSON.stringify(g)) return { maxDiff, problem: `rank ${r + 1}: ${JSON.stringify(g)}, the app says ${JSON.stringify(w)}` };
    maxDiff = Math.max(maxDiff, Math.abs(ws - gs));
  }
  return { maxDiff, problem: maxDiff > parityTolerance ? `scores differ by up to ${maxDiff} (tolerance ${parityTolerance})` : null };
}

function write(dir: string, rel: string, data: string | Uint8Array): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}

export function writeRecsBundleFiles(dir: string, input: RecsBundleInput): { steps: GoldenStep[]; answers: Readonly<Record<string, unknown>>[] } {
  const { version: v, parts } = input;
  if (!fs.existsSync(input.serverJs)) throw new AssayError('INTERNAL', `The bundle server is not built (${input.serverJs}); run node build.mjs.`);
  const artifact = artifactFromParts(parts.meta, parts.arrays);
  const steps = goldenSession(artifact.userIds, artifact.model.itemIds);
  const answers = answerSession(parts, v.name, v.version, steps);
  const stored = artifactParts(artifact);
  const arrays = [...stored.arrays].map(([name, a], i) => ({ name, dtype: dtypeOf(a), file: `arrays/${i}.bin`, data: arrayBytes(a) }));
  const json = (x: unknown): string => `${JSON.stringify(x, null, 1)}\n`;
  fs.copyFileSync(input.serverJs, path.join(dir, 'server.js'));
  const model: RecsBundleModelFile = { kind: 'recs', name: v.name, version: v.version, algorithm: v.recs?.algorithm ?? 'unknown', arrays: arrays.map(({ name, dtype, file }) => ({ name, dtype, file })) };
  write(dir, 'model.json', json(model));
  // Compact: item and user ids of a real catalogue make this megabytes.
  write(dir, 'recs-meta.json', JSON.stringify(stored.meta));
  for (const a of arrays) write(dir, a.file, a.data);
  write(dir, 'golden.json', json({ tolerance: parityTolerance, steps, answers }));
  write(dir, 'package.json', json({ name: `${v.name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-recommender`, version: `${v.version}.0.0`, private: true, scripts: { start: 'node server.js' } }));
  write(dir, 'Dockerfile', 'FROM node:20-slim\nENV NODE_ENV=production PORT=8080 HOST=0.0.0.0 PREDICTION_LOG_DIR=/app/logs\nWORKDIR /app\nCOPY --chown=node:node . ./\nUSER node\nEXPOSE 8080\nCMD ["node", "server.js"]\n');
  write(dir, 'MODEL_CARD.md', `# ${v.name} v${v.version}\n\n## Intended use\n${v.card.intendedUse}\n\n## Data\n${v.card.data}\n\n## Metrics\n${v.card.metrics}\n\n## Limits\n${v.card.limits}\n`);
  write(
    dir,
    'README.md',
    `# ${v.name} v${v.version} — recommender (${model.algorithm})\n\n` +
      '`node server.js` (Node 20, nothing to install) serves on $PORT (8080):\n\n' +
      '- `POST /recommend {"user": "…", "k": 10, "exclude_seen": true, "filters": {"items": […], "exclude": […]}}` → ranked items with scores and the history items behind each; an unknown user gets the popular items, flagged `coldStart`.\n' +
      '- `POST /events {"user": "…", "item": "…", "weight": 1}` or `{"events": […]}`: the user is folded in at once, so the next /recommend reflects it. Events are written to the NDJSON log in $PREDICTION_LOG_DIR for retraining.\n' +
      '- `GET /health`, `GET /metrics`.\n\n' +
      `Example: \`curl -s localhost:8080/recommend -H 'content-type: application/json' -d '${JSON.stringify({ user: artifact.userIds[0] ?? 'someone', k: 5 })}'\`\n`,
  );
  writeManifest(dir, v.name, v.version);
  return { steps, answers };
}

/** Replays the golden session against the bundle's own server.js. */
export async function runRecsParityGate(dir: string, steps: readonly GoldenStep[], answers: readonly Readonly<Record<string, unknown>>[], signal: AbortSignal): Promise<ParityResult> {
  const server = await startBundleServer(dir, signal);
  try {
    let maxDiff = 0;
    for (let i = 0; i < steps.length; i++) {
      const res = await fetch(`${server.url}${steps[i]!.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(steps[i]!.body), signal });
      const text = await res.text();
      if (!res.ok) throw new AssayError('PARITY_FAILED', `The exported server answered ${res.status} to golden request ${i + 1} (${steps[i]!.path}): ${text.slice(0, 300)}`);
      const cmp = compareAnswers(answers[i]!, JSON.parse(text) as Record<string, unknown>);
      if (cmp.problem) throw new AssayError('PARITY_FAILED', `Parity check failed at golden request ${i + 1} (${steps[i]!.path}): the exported server disagrees with the app (${cmp.problem}); no bundle was written.`);
      maxDiff = Math.max(maxDiff, cmp.maxDiff);
    }
    return { rows: steps.length, maxDiff };
  } catch (err) {
    if (signal.aborted) throw new AssayError('CANCELLED', 'Cancelled');
    throw err;
  } finally {
    server.stop();
  }
}

export async function buildRecsBundle(input: RecsBundleInput, finalDir: string | null, opts: BundleOptions): Promise<BuiltBundle> {
  return stageBundle(finalDir, opts, async (staging) => {
    const golden = writeRecsBundleFiles(staging, input);
    opts.afterWrite?.(staging);
    if (opts.signal.aborted) throw new AssayError('CANCELLED', 'Cancelled');
    opts.onStep?.('parity');
    return runRecsParityGate(staging, golden.steps, golden.answers, opts.signal);
  });
}
