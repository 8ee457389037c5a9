import { describe, expect, it } from 'vitest';
import { classificationMetrics } from './classification';
import { regressionMetrics } from './regression';

// Each warning is what a user reads instead of a number: its metric and its words are checked whole.
// The numbers beside them were printed by scikit-learn 1.2 for the same inputs.
describe('what a report says when a metric is left out or needs care', () => {
  it('binary with no positive row, true or predicted: every 0/0 is named, the rest is computed', () => {
    const r = classificationMetrics([0, 0, 0], [0.9, 0.1, 0.8, 0.2, 0.7, 0.3], 2);
    expect(r.warnings).toEqual([
      { metric: 'precision', message: 'No row was predicted positive (class 1), so precision is 0/0.' },
      { metric: 'recall', message: 'No row is truly positive (class 1), so recall is 0/0.' },
      { metric: 'f1', message: 'No row is positive, truly or predicted, so F1 is 0/0.' },
      { metric: 'roc_auc', message: 'ROC AUC needs both classes. No positive rows: the true positive rate is undefined.' },
      { metric: 'pr_auc', message: 'Average precision needs positive rows. No positive rows: recall is undefined.' },
      { metric: 'mcc', message: 'Matthews correlation is 0/0: all rows are of one class, or all are predicted as one class.' },
    ]);
    expect(Object.keys(r.metrics)).toEqual(['accuracy', 'balanced_accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'precision_weighted', 'recall_weighted', 'f1_weighted', 'log_loss', 'brier']);
    expect(r.confusion).toEqual([[3, 0], [0, 0]]);
  });

  it('binary with positives never predicted: precision alone is 0/0; recall and F1 are 0', () => {
    const r = classificationMetrics([0, 1, 0, 1], [0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4], 2);
    expect(r.warnings).toEqual([
      { metric: 'precision', message: 'No row was predicted positive (class 1), so precision is 0/0.' },
      { metric: 'precision_macro', message: 'Class 1 is never predicted; its precision (0/0) counts as 0 in the averages.' },
      { metric: 'mcc', message: 'Matthews correlation is 0/0: all rows are of one class, or all are predicted as one class.' },
    ]);
    expect(r.metrics).toMatchObject({ recall: 0, f1: 0, accuracy: 0.5, roc_auc: 0.75, brier: 0.275 });
    expect(r.metrics.log_loss).toBeCloseTo(0.7469410259762035, 12);
  });

  it('multiclass with a class predicted but never true names it (by its name) in every average it changes', () => {
    const proba = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8, 0.2, 0.7, 0.1];
    const r = classificationMetrics([0, 1, 0, 1], proba, 3, { classNames: ['cat', 'dog', 'eel'] });
    expect(r.warnings).toEqual([
      { metric: 'balanced_accuracy', message: "Classes 'eel' are predicted but never true; balanced accuracy averages the other classes." },
      { metric: 'recall_macro', message: "Class 'eel' never occurs in the true labels; its recall (0/0) counts as 0 in the averages." },
      { metric: 'roc_auc', message: "ROC AUC averages 2 of 3 classes: classes 'eel' have no rows (or are the only class) here." },
      { metric: 'pr_auc', message: "Average precision averages 2 of 3 classes: classes 'eel' have no rows (or are the only class) here." },
    ]);
    const sklearn = { balanced_accuracy: 0.75, precision_macro: 0.6666666666666666, recall_macro: 0.5, f1_macro: 0.5555555555555555, f1_weighted: 0.8333333333333333, mcc: 0.6708203932499369, log_loss: 0.7763867848902993, roc_auc: 0.8125, pr_auc: 0.875 };
    for (const [name, value] of Object.entries(sklearn)) expect(r.metrics[name], name).toBeCloseTo(value, 12);
    // Without names, the class index.
    expect(classificationMetrics([0, 1, 0, 1], proba, 3).warnings[0]!.message).toBe('Classes 2 are predicted but never true; balanced accuracy averages the other classes.');
  });

  it('multiclass with a single true class: no one-vs-rest ROC AUC at all, and the classes average precision skipped', () => {
    const r = classificationMetrics([1, 1, 1], [0.2, 0.7, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4], 3);
    expect(r.warnings).toEqual([
      { metric: 'balanced_accuracy', message: 'Classes 2 are predicted but never true; balanced accuracy averages the other classes.' },
      { metric: 'recall_macro', message: 'Class 2 never occurs in the true labels; its recall (0/0) counts as 0 in the averages.' },
      { metric: 'roc_auc', message: 'ROC AUC is undefined for every class one-vs-rest.' },
      { metric: 'pr_auc', message: 'Average precision averages 1 of 3 classes: classes 0, 2 have no rows (or are the only class) here.' },
      { metric: 'mcc', message: 'Matthews correlation is 0/0: all rows are of one class, or all are predicted as one class.' },
    ]);
    expect(r.metrics).toMatchObject({ pr_auc: 1, balanced_accuracy: 2 / 3 });
    expect(r.metrics.roc_auc).toBeUndefined();
  });

  it('regression: R² of a constant target is left out and says why', () => {
    const r = regressionMetrics([2, 2, 2], [1, 2, 3]);
    expect(r.warnings).toEqual([{ metric: 'r2', message: 'The true values are all equal, so R² (1 − residual/total variance) is 0/0.' }]);
    expect(r.metrics).toEqual({ mse: 2 / 3, rmse: Math.sqrt(2 / 3), mae: 2 / 3, mape: 1 / 3 });
  });
});
