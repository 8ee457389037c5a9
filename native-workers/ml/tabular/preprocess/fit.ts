/**
 * Fitting a preprocessing pipeline. Every statistic (fills, scales, vocabularies,
 * PCA axes) comes from the frame passed in and nothing else: fit on a training
 * fold's rows (takeFrameRows), then transform the validation fold with the result.
 */
import { datePartValues, varyingDateParts } from '../dates';
import type { Frame, FrameColumn } from '../frame';
import { fitVocabulary, modeCategory } from './categories';
import { loadPipeline, type FittedPipeline } from './fitted';
import { fitPca } from './pca';
import type { CategoricalStepJSON, DateStepJSON, NumericStepJSON, PipelineJSON } from './pipeline-json';
import { fitScale } from './scale';
import { MISSING_CATEGORY, resolvePreprocessSpec, type PreprocessSpec, type ResolvedPreprocessSpec } from './spec';
import { medianSorted, nanMean, sortedPresent } from './stats';

type NumericColumn = Extract<FrameColumn, { kind: 'numeric' }>;
type CategoricalColumn = Extract<FrameColumn, { kind: 'categorical' }>;
type DateColumn = Extract<FrameColumn, { kind: 'date' }>;

function numericFill(values: Float64Array, spec: ResolvedPreprocessSpec): number {
  if (spec.numericImpute === 'constant') return spec.numericFill;
  const v = spec.numericImpute === 'mean' ? nanMean(values) : medianSorted(sortedPresent(values));
  // A column with no values in this fold keeps its place as zeros (sklearn's keep_empty_features) so that
  // every fold yields the same features.
  return Number.isNaN(v) ? 0 : v;
}

function fitValues(values: Float64Array, spec: ResolvedPreprocessSpec): { fill: number; center: number; scale: number; missing: boolean } {
  const fill = numericFill(values, spec);
  let missing = false;
  const filled = values.map((v) => (Number.isNaN(v) ? ((missing = true), fill) : v));
  return { fill, ...fitScale(filled, spec.scaling), missing };
}

function fitNumeric(c: NumericColumn, spec: ResolvedPreprocessSpec): NumericStepJSON {
  const { fill, center, scale, missing } = fitValues(c.values, spec);
  return { name: c.name, fill, center, scale, indicator: spec.addMissingIndicators && missing };
}

/**
 * A date becomes the calendar parts that vary in these rows, each a numeric column with its own
 * fill and scale: a fold whose rows span one year gets no year feature, as it could learn nothing from it.
 */
function fitDate(c: DateColumn, spec: ResolvedPreprocessSpec): DateStepJSON {
  const parts = varyingDateParts(c.values).map((part) => {
    const { fill, center, scale } = fitValues(datePartValues(c.values, part), spec);
    return { part, fill, center, scale };
  });
  return { name: c.name, parts, indicator: spec.addMissingIndicators && c.values.some((v) => Number.isNaN(v)) };
}

function fitCategorical(c: CategoricalColumn, spec: ResolvedPreprocessSpec): CategoricalStepJSON {
  const fill = spec.categoricalImpute === 'mode' ? modeCategory(c.values) : MISSING_CATEGORY;
  const missing = c.values.some((v) => v === null);
  const vocab = fitVocabulary(
    c.values.map((v) => v ?? fill),
    spec.rareMinFrequency,
    spec.maxCategories,
  );
  return {
    name: c.name,
    fill,
    categories: vocab.categories,
    rareBucket: vocab.rareBucket,
    // One-hot sends rare and unseen categories to the same place, so it need not keep the rare list;
    // ordinal tells them apart (bucket code vs -1).
    rare: spec.encoding === 'ordinal' ? vocab.rare : [],
    indicator: spec.addMissingIndicators && missing,
  };
}

/** Fits on every column of `frame` (leave the target out) and returns the transform. */
export function fitPipeline(frame: Frame, spec: PreprocessSpec = {}): FittedPipeline {
  const resolved = resolvePreprocessSpec(spec);
  if (frame.rows === 0) throw new Error('Cannot fit preprocessing on 0 rows.');
  const numeric: NumericStepJSON[] = [];
  const categorical: CategoricalStepJSON[] = [];
  const dates: DateStepJSON[] = [];
  for (const c of frame.columns) {
    if (c.values.length !== frame.rows) throw new Error(`Column "${c.name}" has ${c.values.length} values, expected ${frame.rows}.`);
    if (c.kind === 'numeric') numeric.push(fitNumeric(c, resolved));
    else if (c.kind === 'date') dates.push(fitDate(c, resolved));
    else categorical.push(fitCategorical(c, resolved));
  }
  const base: PipelineJSON = {
    type: 'preprocess',
    version: 1,
    spec: resolved,
    fitRows: frame.rows,
    inputColumns: frame.columns.map((c) => ({ name: c.name, kind: c.kind })),
    numeric,
    categorical,
    ...(dates.length > 0 ? { dates } : {}),
    pca: null,
  };
  if (resolved.pca === null) return loadPipeline(base);
  // PCA is fitted on the training rows as the earlier steps transform them, exactly what it will see later.
  const fit = fitPca(loadPipeline(base).transform(frame), resolved.pca);
  return loadPipeline({ ...base, pca: fit });
}
