/**
 * Image classification: import a folder (one subfolder per class) or a CSV of
 * `path,label`, train a head on a frozen backbone (phase 1) and optionally
 * fine-tune its top blocks (phase 2), evaluate, predict, export.
 * Specs are JSON-safe with documented defaults (resolveImageTrainSpec).
 */

/** Where the images come from. */
export type ImageSource =
  | { readonly kind: 'folder'; readonly path: string }
  /** A CSV with a header `path,label`; relative paths are relative to the CSV's folder. */
  | { readonly kind: 'csv'; readonly path: string }
  /**
   * Browser mode: files dropped in the window were uploaded (POST /upload); the
   * host moves them into a folder beside the project (NAME.assay-images/) that
   * the set then refers to, so the images outlive the upload.
   */
  | { readonly kind: 'uploads'; readonly files: readonly { readonly uploadId: string; readonly label: string }[] };

export interface ImageImportSpec {
  readonly source: ImageSource;
  readonly name?: string;
  /** Fractions of each class held out; defaults 0.15 and 0.15. */
  readonly validationFraction?: number;
  readonly testFraction?: number;
  /** Seed of the stratified split; default 42. */
  readonly seed?: number;
}

export type ImageSplit = 'train' | 'validation' | 'test';
/** ok: usable; corrupt: cannot be decoded; duplicate: same bytes as an earlier image; refused: too large or unsupported. */
export type ImageStatus = 'ok' | 'corrupt' | 'duplicate' | 'refused';

export interface ImageSetSummary {
  readonly id: number;
  readonly name: string;
  readonly source: string;
  readonly createdAt: string;
  readonly classes: readonly string[];
  /** Usable images per class, in `classes` order. */
  readonly counts: readonly number[];
  readonly splitCounts: { readonly train: number; readonly validation: number; readonly test: number };
  readonly usable: number;
  /** Images that are not used, with the reason (corrupt, duplicate, refused). */
  readonly issues: number;
  readonly seed: number;
}

export interface ImageRecord {
  readonly id: number;
  readonly path: string;
  readonly label: string;
  readonly sha256: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly status: ImageStatus;
  readonly issue: string | null;
  readonly split: ImageSplit | null;
}

/** A page of images with small PNG thumbnails (data: URLs) for the grid. */
export interface ImagePage {
  readonly total: number;
  readonly images: readonly (ImageRecord & { readonly thumbnail: string | null })[];
}

export type BackboneRef =
  | { readonly kind: 'builtin'; readonly id: 'mobilenet_v2' }
  /** A TF.js layers model: a folder holding model.json, or its URL (downloaded once into the cache). */
  | { readonly kind: 'layers'; readonly location: string; readonly sha256?: string; readonly featureLayer?: string; readonly scaling?: PixelScaling };

/** How pixels (0..255) are scaled before the backbone sees them. */
export type PixelScaling = '0..1' | '-1..1' | '0..255';

/** What a backbone declares; stored with every model trained on it. */
export interface BackboneInfo {
  /** Stable cache key: name, input size and the weights' sha256. */
  readonly id: string;
  readonly name: string;
  readonly inputSize: number;
  readonly scaling: PixelScaling;
  readonly featureLayer: string;
  readonly features: number;
  readonly sha256: string;
}

export interface AugmentOptions {
  readonly flip: boolean;
  readonly rotationDeg: number;
  readonly cropFraction: number;
  readonly colorJitter: number;
}

export interface ImageTrainSpec {
  readonly imageSetId: number;
  readonly backbone?: BackboneRef;
  /**
   * Side of the square input. MobileNetV2 takes any multiple of 32 from 96
   * (its pooling is resized to match); 224 is what it was trained at (default).
   */
  readonly inputSize?: number;
  /**
   * Phase 1's head on frozen, standardised features. logreg (default): L2 multinomial logistic
   * regression by L-BFGS, its penalty chosen on the validation split; it converges whatever the
   * epochs. dense: dense(relu) → dropout → softmax trained by Adam for up to `epochs` with early
   * stopping. Either way the chosen settings are then refitted on training + validation images.
   */
  readonly head?: 'logreg' | 'dense';
  /** The dense head's settings. Defaults: 128 units, dropout 0.3, lr 1e-3, 50 epochs, batch 32, patience 5. */
  readonly headUnits?: number;
  readonly dropout?: number;
  readonly learningRate?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly patience?: number;
  /** Learning-rate schedule over epochs: constant, cosine decay, or step (halved every 10 epochs). Default cosine. */
  readonly schedule?: 'constant' | 'cosine' | 'step';
  /** Weigh classes by inverse frequency (default true). */
  readonly classWeights?: boolean;
  /** Phase 2: unfreeze the top N blocks (0 = phase 1 only, the default). */
  readonly fineTuneBlocks?: number;
  readonly fineTuneEpochs?: number;
  readonly fineTuneLearningRate?: number;
  readonly augment?: AugmentOptions;
  readonly seed?: number;
  /** Where the training job runs: 'local' or a cluster executor's name (Settings → Compute); absent: the default. */
  readonly executor?: string;
}

/** What a run stores and replays: where it ran is not part of it. */
export type ResolvedImageTrainSpec = Required<Omit<ImageTrainSpec, 'executor'>>;

export function resolveImageTrainSpec(spec: ImageTrainSpec): ResolvedImageTrainSpec {
  return {
    imageSetId: spec.imageSetId,
    backbone: spec.backbone ?? { kind: 'builtin', id: 'mobilenet_v2' },
    inputSize: spec.inputSize ?? 224,
    head: spec.head ?? 'logreg',
    headUnits: spec.headUnits ?? 128,
    dropout: spec.dropout ?? 0.3,
    learningRate: spec.learningRate ?? 1e-3,
    epochs: spec.epochs ?? 50,
    batchSize: spec.batchSize ?? 32,
    patience: spec.patience ?? 5,
    schedule: spec.schedule ?? 'cosine',
    classWeights: spec.classWeights ?? true,
    fineTuneBlocks: spec.fineTuneBlocks ?? 0,
    fineTuneEpochs: spec.fineTuneEpochs ?? 5,
    fineTuneLearningRate: spec.fineTuneLearningRate ?? 1e-4,
    augment: spec.augment ?? { flip: true, rotationDeg: 10, cropFraction: 0.15, colorJitter: 0.1 },
    seed: spec.seed ?? 42,
  };
}

/** The numeric settings of a training spec, each with its allowed range (one table for the form, the door and the CLI). */
export const imageTrainNumbers = {
  inputSize: { min: 32, max: 512, step: 32 },
  epochs: { min: 1, max: 10_000, step: 1 },
  headUnits: { min: 1, max: 4_096, step: 1 },
  batchSize: { min: 1, max: 4_096, step: 1 },
  patience: { min: 1, max: 1_000, step: 1 },
  fineTuneBlocks: { min: 0, max: 100, step: 1 },
  fineTuneEpochs: { min: 1, max: 1_000, step: 1 },
  dropout: { min: 0, max: 1, step: 0, below: true },
  learningRate: { min: 0, max: 1, step: 0, above: true, below: true },
  fineTuneLearningRate: { min: 0, max: 1, step: 0, above: true, below: true },
} as const satisfies Record<string, { min: number; max: number; step: number; above?: boolean; below?: boolean }>;

export type ImageTrainNumber = keyof typeof imageTrainNumbers;

/**
 * What is wrong with one numeric training setting, in words without its name
 * ("must be a whole number from 1 to 10000; got 0"), or null when it is fine.
 */
export function imageTrainNumberProblem(field: ImageTrainNumber, value: unknown): string | null {
  const r: { min: number; max: number; step: number; above?: boolean; below?: boolean } = imageTrainNumbers[field];
  const allowed =
    r.step === 32 ? `a multiple of 32 from ${r.min} to ${r.max}` : r.step === 1 ? `a whole number from ${r.min} to ${r.max}` : `${r.above ? 'above' : 'at least'} ${r.min} and ${r.below ? 'below' : 'at most'} ${r.max}`;
  // A form passes what was typed when it is not a number ('' when the field is empty).
  const got = value === '' ? 'nothing' : typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be ${r.step === 0 ? 'a number ' : ''}${allowed}; got ${got}`;
  const ok =
    r.step === 32 ? value % 32 === 0 && value >= r.min && value <= r.max
    : r.step === 1 ? Number.isInteger(value) && value >= r.min && value <= r.max
    : (r.above ? value > r.min : value >= r.min) && (r.below ? value < r.max : value <= r.max);
  return ok ? null : `must be ${allowed}; got ${got}`;
}

/** Every numeric setting of a spec that is set and wrong, as "field must be …". */
export function imageTrainSpecProblems(spec: ImageTrainSpec): string[] {
  const out: string[] = [];
  for (const field of Object.keys(imageTrainNumbers) as ImageTrainNumber[]) {
    const value = spec[field];
    if (value === undefined) continue;
    const problem = imageTrainNumberProblem(field, value);
    if (problem) out.push(`${field} ${problem}`);
  }
  return out;
}

export interface ImageClassMetrics {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Misclassified {
  readonly imageId: number;
  readonly path: string;
  readonly label: string;
  readonly predicted: string;
  /** Probability of the predicted class, and of the true one. */
  readonly confidence: number;
  readonly trueConfidence: number;
}

/** One epoch (L-BFGS iteration for the logreg head) of a phase's fit on the training split. */
export interface ImageEpoch {
  readonly epoch: number;
  readonly loss: number;
  /** Training accuracy; absent in runs made before it was recorded. */
  readonly accuracy?: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
  /** Learning rate (0 for the L-BFGS head, which has none). */
  readonly lr: number;
}

/** A phase's curve while it trains (and after): what the run page draws live. */
export interface PhaseCurve {
  readonly phase: 1 | 2;
  /** What one point is: an epoch, or an L-BFGS iteration of the logreg head. */
  readonly unit: 'epoch' | 'iteration';
  /** What is being fitted, e.g. "logistic regression, C = 0.1 (2 of 5)". */
  readonly title: string;
  readonly history: readonly ImageEpoch[];
}

/** One phase's evaluation on the test split. */
export interface PhaseResult {
  readonly phase: 1 | 2;
  readonly accuracy: number;
  readonly macro_f1: number;
  /** k → accuracy of "true class in the k most probable" (k = 1, 3, 5 up to the class count). */
  readonly topK: Readonly<Record<string, number>>;
  readonly perClass: readonly ImageClassMetrics[];
  /** Rows = true class, columns = predicted, in `classes` order. */
  readonly confusion: readonly (readonly number[])[];
  readonly misclassified: readonly Misclassified[];
  /** The fit on the training split whose settings were kept (the curves the run shows). */
  readonly history: readonly ImageEpoch[];
  readonly bestEpoch: number;
  readonly seconds: number;
}

export type ImageRunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface ImageRunSummary {
  readonly runId: number;
  readonly imageSetId: number;
  readonly imageSetName: string;
  readonly status: ImageRunStatus;
  readonly spec: ResolvedImageTrainSpec;
  readonly backbone: BackboneInfo | null;
  readonly classes: readonly string[];
  readonly phases: readonly PhaseResult[];
  /** What was chosen and why (the head's settings; phase 2 kept or not), and what could not run. */
  readonly notes: readonly string[];
  /** Training curves per phase, written as epochs finish; absent in runs made before they were. */
  readonly curves?: readonly PhaseCurve[];
  readonly createdAt: string;
  readonly seconds: number | null;
  readonly error: string | null;
}

/** Shown before training starts: from measured per-image costs on this machine. */
export interface ImageTrainEstimate {
  readonly images: number;
  readonly cachedEmbeddings: number;
  /** Seconds per image for one backbone forward pass, measured just now. */
  readonly embedSecondsPerImage: number;
  readonly seconds: number;
  readonly peakMemoryMB: number;
  readonly detail: string;
}

export interface ImagePrediction {
  readonly path: string;
  readonly label: string | null;
  readonly confidence: number;
  readonly top: readonly { readonly label: string; readonly probability: number }[];
  readonly error: string | null;
}

export interface ImageExportResult {
  readonly folder: string;
  readonly files: readonly string[];
}

/** Limits on input: an image is refused by its header before it is decoded. */
export const maxImagePixels = 50_000_000;
export const maxImageSide = 16_384;
