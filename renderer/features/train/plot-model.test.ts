import { describe, expect, it } from 'vitest';
import type { BarData, BoxData, HeatmapData, ScatterData } from 'plotly.js-dist-min';
import {
  compareChart,
  compareCharts,
  confusionChart,
  foldScoreCharts,
  importanceChart,
  pcaChart,
  residualCharts,
  rocChart,
  runCharts,
  sharedMetrics,
  thresholdChart,
} from './plot-model';
import { emptyPlots, makeRun } from './test-fixtures';
import { metricDefinition, metricLabel } from '../../../preload/contract/metrics';

const curve = (name: string, area?: number) => ({ name, x: [0, 0.5, 1], y: [0, 0.8, 1], ...(area === undefined ? {} : { area }) });

describe('train plot model', () => {
  it('draws ROC folds first, the mean on top, AUC in the legend and the chance diagonal', () => {
    const chart = rocChart([curve('mean', 0.9123), curve('fold 1', 0.88), curve('fold 2', 0.93)]);
    const names = (chart?.data ?? []).map((t) => (t as ScatterData).name);
    expect(names).toEqual(['fold 1 (AUC 0.880)', 'fold 2 (AUC 0.930)', 'mean (AUC 0.912)', 'chance']);
    expect(rocChart([])).toBeNull();
    expect(chart?.note).toMatch(/per fold/);
  });

  it('says when the curves are classes against the rest (multiclass), not folds', () => {
    const chart = rocChart([curve('a vs rest', 0.8), curve('b vs rest', 0.9), curve('mean', 0.85)]);
    expect(chart?.note).toMatch(/Each class against the rest/);
    expect((chart?.data ?? []).map((t) => (t as ScatterData).name)).toEqual(['a vs rest (AUC 0.800)', 'b vs rest (AUC 0.900)', 'mean (AUC 0.850)', 'chance']);
  });

  it('labels the confusion heatmap with the classes, true class as rows', () => {
    const chart = confusionChart({ labels: ['no', 'yes'], counts: [[50, 5], [8, 37]] }, ['no', 'yes']);
    const heat = chart?.data[0] as HeatmapData;
    expect(heat.x).toEqual(['no', 'yes']);
    expect(heat.y).toEqual(['no', 'yes']);
    expect(heat.z[1]).toEqual([8, 37]);
    expect(confusionChart(null, null)).toBeNull();
  });

  it('marks the chosen threshold', () => {
    const chart = thresholdChart([curve('precision'), curve('recall'), curve('f1')], 0.37);
    expect(chart?.layout.shapes?.[0]).toMatchObject({ x0: 0.37, x1: 0.37 });
    expect(thresholdChart([curve('f1')], null)?.layout.shapes).toBeUndefined();
  });

  it('keeps the top 20 features by magnitude, largest at the top', () => {
    const importance = Array.from({ length: 30 }, (_, i) => ({ feature: `f${i}`, value: i % 2 === 0 ? i : -i }));
    const bar = importanceChart(importance)?.data[0] as BarData;
    expect(bar.y).toHaveLength(20);
    expect(bar.y[bar.y.length - 1]).toBe('f29');
    expect(bar.y[0]).toBe('f10');
  });

  it('computes residuals as actual minus predicted, with a predicted-vs-actual chart', () => {
    const charts = residualCharts({ predicted: [1, 2, 3], actual: [1.5, 2, 2] });
    expect(charts.map((c) => c.id)).toEqual(['residuals', 'predicted-actual']);
    expect((charts[0]?.data[0] as ScatterData).y).toEqual([0.5, 0, -1]);
    expect(residualCharts(null)).toEqual([]);
  });

  it('plots fold scores and losses on separate axes, skipping missing folds', () => {
    const charts = foldScoreCharts(makeRun(1));
    expect(charts.map((c) => c.id)).toEqual(['fold-scores', 'fold-errors']);
    const boxes = charts[0]?.data as BoxData[];
    expect(boxes.map((b) => b.name)).toEqual(['ROC AUC', 'F1']);
    expect(boxes[1]?.y).toEqual([0.65, 0.7, 0.75, 0.7]);
  });

  it('shows only the plots that have data', () => {
    const ids = runCharts(makeRun(1), { ...emptyPlots, roc: [curve('mean', 0.9)], pca: { ratio: [0.6, 0.3], cumulative: [0.6, 0.9] } }).map((c) => c.id);
    expect(ids).toEqual(['roc', 'fold-scores', 'fold-errors', 'pca']);
    expect(runCharts(makeRun(2, { metrics: {} }), null)).toEqual([]);
    const pca = pcaChart({ ratio: [0.6, 0.3], cumulative: [0.6, 0.9] });
    expect((pca?.data[0] as BarData).x).toEqual(['PC1', 'PC2']);
  });

  it('compares runs on their shared metrics with std error bars, scores apart from losses', () => {
    const a = makeRun(1);
    const b = makeRun(2, { metrics: { roc_auc: { mean: 0.8, std: 0.1, folds: [] }, log_loss: { mean: 0.5, std: 0.05, folds: [] } } });
    expect(sharedMetrics([a, b])).toEqual(['roc_auc', 'log_loss']);
    const charts = compareCharts([a, b]);
    expect(charts.map((c) => c.id)).toEqual(['compare-scores', 'compare-errors']);
    const bars = charts[0]?.data as BarData[];
    expect(bars.map((t) => t.y)).toEqual([[0.9], [0.8]]);
    expect(bars[1]?.error_y?.array).toEqual([0.1]);
    expect(compareChart([], ['roc_auc'])).toBeNull();
    const reg = makeRun(3, { task: 'regression', metrics: { rmse: { mean: 3, std: 1, folds: [] } } });
    expect(compareCharts([a, reg])).toEqual([]);
  });

  it('groups every metric a binary run has by its declared direction: weighted/macro scores with scores, Brier with losses (#14.3)', () => {
    // What a binary run reports (native-workers/ml/tabular/metrics/names.ts; the renderer may not import it).
    const names = ['accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'precision_macro', 'recall_macro', 'f1_macro', 'precision_weighted', 'recall_weighted', 'f1_weighted', 'roc_auc', 'pr_auc', 'log_loss', 'brier', 'mcc'];
    const metrics = Object.fromEntries(names.map((m, i) => [m, { mean: 0.5, std: 0.01, folds: [0.5, 0.5 + i / 100] }]));
    const run = makeRun(1, { metrics });
    const [scores, losses] = foldScoreCharts(run);
    const label = (c: typeof scores) => new Set((c?.data as BoxData[]).map((b) => b.name));
    expect(label(losses)).toEqual(new Set(['Log loss', 'Brier score']));
    expect(label(scores)).toEqual(new Set(names.filter((m) => metricDefinition(m)!.direction === 'higher').map(metricLabel)));
    const compared = compareCharts([run, makeRun(2, { metrics })]);
    expect(compared.map((c) => c.id)).toEqual(['compare-scores', 'compare-errors']);
    expect((compared[1]?.data[0] as BarData).x).toEqual(['Log loss', 'Brier score']);
    expect((compared[0]?.data[0] as BarData).x).toContain('F1 (weighted)');
  });
});

