/**
 * What a preprocessing pipeline does, as plain JSON: the same spec drives the UI,
 * the CLI and a reviewer's replay, and is stored with every fitted pipeline.
 */

export type NumericImpute = 'mean' | 'median' | 'constant';
export type CategoricalImpute = 'mode' | 'constant';
export type Encoding = 'onehot' | 'ordinal';
export type Scaling = 'none' | 'standard' | 'minmax' | 'robust';
export type PcaSpec = { readonly k: number } | { readonly variance: number };

export interface PreprocessSpec {
  /** How missing numeric values are filled. Default 'median' (robust to the skew common in tabular data). */
  readonly numericImpute?: NumericImpute;
  /** The fill for numericImpute 'constant'. Default 0 (sklearn's SimpleImputer default). */
  readonly numericFill?: number;
  /**
   * How missing categories are filled. Default 'constant': missing becomes its own
   * category `MISSING_CATEGORY`, so missingness stays visible to the model.
   * 'mode' fills the most frequent category (ties: the smallest string, as sklearn).
   */
  readonly categoricalImpute?: CategoricalImpute;
  /**
   * Default 'onehot': one 0/1 column per kept category, plus one for the rare bucket when the fit had rare
   * categories. A category the fit never saw goes to that bucket when it exists, else its block is all zeros
   * (sklearn's handle_unknown='infrequent_if_exist').
   * 'ordinal': one column of codes per categorical: kept categories 0..m-1 in sorted string order
   * (sklearn's OrdinalEncoder), the rare bucket m (as sklearn ≥ 1.3), a category the fit never saw -1
   * (handle_unknown='use_encoded_value', unknown_value=-1).
   */
  readonly encoding?: Encoding;
  /**
   * Categories seen in fewer than this fraction of the fit rows share one `RARE_CATEGORY`
   * bucket (sklearn's min_frequency as a fraction: rare when count < fraction × rows).
   * Default 0.01; 0 turns bucketing off.
   */
  readonly rareMinFrequency?: number;
  /**
   * At most this many encoded categories per column, the bucket included when there is one
   * (sklearn's max_categories): the maxCategories - 1 most frequent are kept, the rest join
   * the bucket. Default 50; at least 2.
   */
  readonly maxCategories?: number;
  /** Scaling of the numeric input columns (encoded categories and indicators stay as they are). Default 'standard'. */
  readonly scaling?: Scaling;
  /** PCA on the assembled features: a fixed number of components, or the fewest whose explained variance exceeds a fraction. Default null (none). */
  readonly pca?: PcaSpec | null;
  /** Add a 0/1 column per input column that had missing values in the fit rows (sklearn's add_indicator). Default false. */
  readonly addMissingIndicators?: boolean;
}

/** The spec with every default filled in and checked: what a fitted pipeline stores. */
export interface ResolvedPreprocessSpec {
  readonly numericImpute: NumericImpute;
  readonly numericFill: number;
  readonly categoricalImpute: CategoricalImpute;
  readonly encoding: Encoding;
  readonly rareMinFrequency: number;
  readonly maxCategories: number;
  readonly scaling: Scaling;
  readonly pca: PcaSpec | null;
  readonly addMissingIndicators: boolean;
}

/** The category that missing values become under categoricalImpute 'constant'. */
export const MISSING_CATEGORY = '__missing__';
/** The name of the shared bucket for rare categories (and, in one-hot, for unseen ones). */
export const RARE_CATEGORY = '__rare__';

export const defaultPreprocessSpec: ResolvedPreprocessSpec = {
  numericImpute: 'median',
  numericFill: 0,
  categoricalImpute: 'constant',
  encoding: 'onehot',
  rareMinFrequency: 0.01,
  maxCategories: 50,
  scaling: 'standard',
  pca: null,
  addMissingIndicators: false,
};

function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], fallback: T, field: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new Error(`${field} must be one of ${allowed.join(', ')}; got ${String(value)}.`);
  return value;
}

export function resolvePreprocessSpec(spec: PreprocessSpec = {}): ResolvedPreprocessSpec {
  const d = defaultPreprocessSpec;
  const numericFill = spec.numericFill ?? d.numericFill;
  if (!Number.isFinite(numericFill)) throw new Error('numericFill must be a finite number.');
  const rareMinFrequency = spec.rareMinFrequency ?? d.rareMinFrequency;
  if (!(rareMinFrequency >= 0 && rareMinFrequency < 1)) throw new Error('rareMinFrequency must be a fraction in [0, 1).');
  const maxCategories = spec.maxCategories ?? d.maxCategories;
  if (!(Number.isInteger(maxCategories) && maxCategories >= 2)) throw new Error('maxCategories must be an integer ≥ 2.');
  const pca = spec.pca ?? null;
  if (pca !== null) {
    if ('k' in pca) {
      if (!(Number.isInteger(pca.k) && pca.k >= 1)) throw new Error('pca.k must be an integer ≥ 1.');
    } else if (!(pca.variance > 0 && pca.variance < 1)) {
      throw new Error('pca.variance must be a fraction in (0, 1).');
    }
  }
  return {
    numericImpute: oneOf(spec.numericImpute, ['mean', 'median', 'constant'], d.numericImpute, 'numericImpute'),
    numericFill,
    categoricalImpute: oneOf(spec.categoricalImpute, ['mode', 'constant'], d.categoricalImpute, 'categoricalImpute'),
    encoding: oneOf(spec.encoding, ['onehot', 'ordinal'], d.encoding, 'encoding'),
    rareMinFrequency,
    maxCategories,
    scaling: oneOf(spec.scaling, ['none', 'standard', 'minmax', 'robust'], d.scaling, 'scaling'),
    pca: pca === null ? null : 'k' in pca ? { k: pca.k } : { variance: pca.variance },
    addMissingIndicators: spec.addMissingIndicators ?? d.addMissingIndicators,
  };
}
