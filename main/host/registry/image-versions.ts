/**
 * Image classifiers in the registry. A run id names either a tabular training
 * run or an image run (both are rows of `runs`, so ids never collide); the
 * run's kind decides. The version copies the registered phase's stored model
 * (`image_models` → `image_model_versions`, see project/registry.ts
 * `addVersion`), so it stays as registered when the run changes.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { ImageRunSummary, PhaseResult } from '../../../preload/contract/images';
import type { ImageVersionInfo, ModelCard, ModelVersion } from '../../../preload/contract/registry';
import { getImageRun, getImageSet } from '../../../native-workers/project/images';
import type { Db } from '../../../native-workers/project/open';
import { runKind } from '../../../native-workers/project/runs';

/** What `model_versions.model` holds for an image version; the weights are in `image_model_versions`. */
export interface ImageVersionDocument {
  readonly format: 'assay-image/1';
  readonly runId: number;
  readonly phase: 1 | 2;
  readonly classes: readonly string[];
}

export type ImageVersionSummary = Omit<ModelVersion, 'stage' | 'card'>;

/** True when the run is an image training run (its `runs.kind`). */
export function isImageRun(db: Db, runId: number): boolean {
  return runKind(db, runId) === 'images-train';
}

function phaseOf(s: ImageRunSummary, runId: number, phase: 1 | 2 | undefined): PhaseResult {
  if (s.phases.length === 0) throw new AssayError('BAD_INPUT', `Image run ${runId} has no evaluated phase to register.`);
  if (phase === undefined) return s.phases[s.phases.length - 1]!;
  const p = s.phases.find((x) => x.phase === phase);
  if (!p) throw new AssayError('BAD_INPUT', `Image run ${runId} has no phase ${phase}; it has ${s.phases.map((x) => x.phase).join(', ')}.`);
  return p;
}

function imageCard(s: ImageRunSummary, info: ImageVersionInfo, p: PhaseResult): ModelCard {
  const counts = Object.entries(info.counts).map(([c, n]) => `${c} ${n}`).join(', ');
  const weak = p.perClass.filter((c) => c.f1 < 0.7).map((c) => `${c.label} (F1 ${c.f1.toFixed(2)})`);
  return {
    intendedUse: `Classifies an image as one of ${s.classes.length} classes (${s.classes.join(', ')}), from pictures like those of image set "${info.imageSetName}".`,
    data: `Image set "${info.imageSetName}": ${counts} usable images; split train ${info.split.train} / validation ${info.split.validation} / test ${info.split.test}, seed ${s.spec.seed}. Backbone ${info.backbone.name} at ${info.inputSize} × ${info.inputSize} px (sha256 ${info.backbone.sha256.slice(0, 12)}…)${p.phase === 2 ? `, top ${s.spec.fineTuneBlocks} blocks fine-tuned` : ', frozen; a new head trained on its features'}.`,
    metrics: `Test split (phase ${p.phase}): accuracy ${p.accuracy.toFixed(3)}, macro F1 ${p.macro_f1.toFixed(3)}.`,
    limits: [
      `Always answers one of the ${s.classes.length} classes, even for a picture of none of them.`,
      'Images are centre-cropped to a square and resized: content near the long edges is not seen.',
      ...(weak.length ? [`Weaker classes: ${weak.join(', ')}.`] : []),
      ...s.notes,
    ].join(' '),
  };
}

/** The summary and card of the next version of `name` from an image run (checked: succeeded, with a model). */
export function imageVersionParts(db: Db, runId: number, name: string, version: number, now: string, phase?: 1 | 2): { summary: ImageVersionSummary; card: ModelCard; doc: ImageVersionDocument } {
  const s = getImageRun(db, runId);
  if (s.status !== 'succeeded') throw new AssayError('BAD_INPUT', `Image run ${runId} ${s.status}; only a finished run has a model to register.`);
  if (!s.backbone) throw new AssayError('BAD_INPUT', `Image run ${runId} has no backbone recorded; train it again.`);
  const p = phaseOf(s, runId, phase);
  let set: { name: string; source: string; classes: readonly string[]; counts: readonly number[]; splitCounts: ImageVersionInfo['split'] };
  try {
    set = getImageSet(db, s.imageSetId);
  } catch {
    // The set was deleted since: the run's own record still names it.
    set = { name: s.imageSetName, source: 'unknown', classes: s.classes, counts: s.classes.map(() => 0), splitCounts: { train: 0, validation: 0, test: 0 } };
  }
  const info: ImageVersionInfo = {
    phase: p.phase,
    inputSize: s.backbone.inputSize,
    backbone: s.backbone,
    imageSetId: s.imageSetId,
    imageSetName: set.name,
    counts: Object.fromEntries(set.classes.map((c, k) => [c, set.counts[k] ?? 0])),
    split: set.splitCounts,
  };
  const summary: ImageVersionSummary = {
    name,
    version,
    runId,
    createdAt: now,
    kind: 'image',
    task: s.classes.length === 2 ? 'binary' : 'multiclass',
    model: 'image',
    target: 'label',
    classes: s.classes,
    inputSchema: [],
    metrics: {},
    test: { accuracy: p.accuracy, macro_f1: p.macro_f1, ...Object.fromEntries(Object.entries(p.topK).map(([k, v]) => [`top_${k}`, v])) },
    image: info,
    lineage: { datasetId: s.imageSetId, datasetName: set.name, source: set.source, sha256: null },
  };
  return { summary, card: imageCard(s, info, p), doc: { format: 'assay-image/1', runId, phase: p.phase, classes: s.classes } };
}
