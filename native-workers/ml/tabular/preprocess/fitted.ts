/**
 * A fitted pipeline: the transform every split, prediction and serving request
 * goes through. Built only from its JSON, so a pipeline fresh from fitPipeline and
 * one loaded from a project file run the same code on the same numbers.
 */
import { datePart } from '../dates';
import { frameColumn, type Frame, type FrameColumnSpec } from '../frame';
import type { Matrix } from '../matrix';
import { categoryLookup, type CategoryLookup } from './categories';
import { applyPca } from './pca';
import type { CategoricalStepJSON, NumericStepJSON, PipelineJSON } from './pipeline-json';
import { baseFeatureNames } from './feature-names';
import { resolvePreprocessSpec } from './spec';
import { checkPipelineJSON } from './pipeline-check';

export interface FittedPipeline {
  /** Names and kinds of the columns transform needs (other columns of a frame are ignored). */
  readonly inputColumns: readonly FrameColumnSpec[];
  /** One name per output column: `age`, `date.month`, `state=KS`, `state=__rare__`, `missing:age`, or `pc1`… after PCA. */
  readonly featureNames: readonly string[];
  /** Present when PCA was fitted: explained-variance ratio of every component, for the scree plot. */
  readonly explained?: { readonly ratio: readonly number[]; readonly cumulative: readonly number[] };
  /** Rows × featureNames.length, no missing values. */
  transform(frame: Frame): Matrix;
  toJSON(): PipelineJSON;
}

function blockWidth(s: CategoricalStepJSON, encoding: 'onehot' | 'ordinal'): number {
  return encoding === 'ordinal' ? 1 : s.categories.length + (s.rareBucket ? 1 : 0);
}

function inputColumn(frame: Frame, spec: FrameColumnSpec): Frame['columns'][number] {
  const c = frameColumn(frame, spec.name);
  if (c === undefined) throw new Error(`The pipeline needs column "${spec.name}", which the input lacks.`);
  if (c.kind !== spec.kind) throw new Error(`Column "${spec.name}" must be ${spec.kind}, got ${c.kind}.`);
  if (c.values.length !== frame.rows) throw new Error(`Column "${spec.name}" has ${c.values.length} values, expected ${frame.rows}.`);
  return c;
}

export function loadPipeline(stored: PipelineJSON): FittedPipeline {
  checkPipelineJSON(stored);
  // The resolved spec, so a stored spec missing a field behaves as its default everywhere below.
  const json: PipelineJSON = { ...stored, spec: resolvePreprocessSpec(stored.spec) };
  const base = baseFeatureNames(json);
  const encoding = json.spec.encoding;
  const lookups: CategoryLookup[] = json.categorical.map((s) => categoryLookup(s));
  const dates = json.dates ?? [];
  const indicators = [...json.numeric, ...dates, ...json.categorical].filter((s) => s.indicator);
  const pca = json.pca;

  function transformBase(frame: Frame): Matrix {
    const p = base.length;
    const n = frame.rows;
    const out = new Float64Array(n * p);
    let col = 0;
    json.numeric.forEach((s: NumericStepJSON) => {
      const c = inputColumn(frame, { name: s.name, kind: 'numeric' });
      for (let i = 0; i < n; i++) {
        const v = c.values[i] as number;
        out[i * p + col] = ((Number.isNaN(v) ? s.fill : v) - s.center) / s.scale;
      }
      col++;
    });
    for (const s of dates) {
      const c = inputColumn(frame, { name: s.name, kind: 'date' });
      for (const step of s.parts) {
        for (let i = 0; i < n; i++) {
          const v = datePart(c.values[i] as number, step.part);
          out[i * p + col] = ((Number.isNaN(v) ? step.fill : v) - step.center) / step.scale;
        }
        col++;
      }
    }
    json.categorical.forEach((s, k) => {
      const c = inputColumn(frame, { name: s.name, kind: 'categorical' });
      const lookup = lookups[k];
      for (let i = 0; i < n; i++) {
        const code = lookup.code((c.values[i] as string | null) ?? s.fill);
        if (encoding === 'ordinal') out[i * p + col] = code;
        // One-hot: an unseen category joins the rare bucket when there is one, else its block stays all zero
        // (sklearn's handle_unknown='infrequent_if_exist').
        else if (code >= 0) out[i * p + col + code] = 1;
        else if (s.rareBucket) out[i * p + col + s.categories.length] = 1;
      }
      col += blockWidth(s, encoding);
    });
    for (const s of indicators) {
      const c = frameColumn(frame, s.name)!;
      for (let i = 0; i < n; i++) {
        const v = c.values[i];
        out[i * p + col] = v === null || (typeof v === 'number' && Number.isNaN(v)) ? 1 : 0;
      }
      col++;
    }
    return { rows: n, cols: p, data: out };
  }

  const featureNames = pca === null ? base : pca.components.map((_, i) => `pc${i + 1}`);
  const pipeline: FittedPipeline = {
    inputColumns: json.inputColumns,
    featureNames,
    transform: (frame) => {
      const X = transformBase(frame);
      return pca === null ? X : applyPca(X, pca.mean, pca.components);
    },
    toJSON: () => json,
  };
  return pca === null ? pipeline : { ...pipeline, explained: { ratio: pca.ratio, cumulative: pca.cumulative } };
}
