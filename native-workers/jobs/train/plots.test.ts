import { describe, expect, it } from 'vitest';
import { multiclassCurves } from './plots';

// 30 rows, 3 classes; golden areas from scikit-learn 1.2 (roc_auc_score and average_precision_score
// on each class against the rest; the macro ROC-AUC also equals roc_auc_score(multi_class='ovr')).
const y = [0, 1, 2, 0, 1, 2, 0, 1, 2, 2, 2, 0, 2, 0, 0, 0, 0, 2, 2, 0, 0, 1, 0, 0, 1, 0, 1, 0, 2, 0];
const p = [
  0.747, 0.097, 0.155, 0.703, 0.199, 0.098, 0.782, 0.049, 0.168, 0.831, 0.133, 0.036, 0.025, 0.723, 0.252, 0.535, 0.096, 0.369, 0.063, 0.031, 0.906, 0.262, 0.19,
  0.548, 0.314, 0.022, 0.664, 0.071, 0.298, 0.632, 0.266, 0.141, 0.593, 0.2, 0.569, 0.231, 0.078, 0.03, 0.892, 0.674, 0.08, 0.245, 0.276, 0.566, 0.158, 0.822,
  0.153, 0.025, 0.851, 0.11, 0.039, 0.068, 0.074, 0.858, 0.413, 0.244, 0.343, 0.727, 0.148, 0.126, 0.282, 0.116, 0.602, 0.08, 0.548, 0.372, 0.035, 0.226, 0.739,
  0.298, 0.124, 0.578, 0.307, 0.381, 0.312, 0.847, 0.025, 0.127, 0.092, 0.643, 0.265, 0.374, 0.018, 0.608, 0.021, 0.091, 0.888, 0.974, 0.004, 0.022,
];

describe('multiclassCurves', () => {
  it('draws each class against the rest with scikit-learn’s areas, and their macro mean', () => {
    const { roc, pr } = multiclassCurves(Float64Array.from(y), Float64Array.from(p), ['low', 'mid', 'high']);
    expect(roc.map((s) => [s.name, s.area])).toEqual([
      ['low vs rest', 0.733333],
      ['mid vs rest', 0.902778],
      ['high vs rest', 0.804233],
      ['mean', 0.813448],
    ]);
    expect(pr.map((s) => [s.name, s.area])).toEqual([
      ['low vs rest', 0.789097],
      ['mid vs rest', 0.718687],
      ['high vs rest', 0.595503],
      ['mean', 0.701096],
    ]);
    for (const s of [...roc, ...pr]) {
      expect(s.x.length).toBe(s.y.length);
      expect(s.x.every((v) => v >= 0 && v <= 1) && s.y.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    // A ROC curve runs from (0, 0) to (1, 1).
    expect([roc[0]!.x[0], roc[0]!.y[0], roc[0]!.x.at(-1), roc[0]!.y.at(-1)]).toEqual([0, 0, 1, 1]);
  });
});
