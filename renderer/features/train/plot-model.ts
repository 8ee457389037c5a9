import type { BarData, BoxData, HeatmapData, Layout, PlotData, ScatterData } from 'plotly.js-dist-min';
import type { CurveSeries, MetricSummary, TrainPlots, TrainRunSummary } from '../../../preload/contract/train';
import { lowerIsBetter } from '../../../preload/contract/metrics';
import { formatNumber, mainMetrics, metricLabel, runTitle } from './runs-table';

/** One chart of the run view: only charts that have data are built. */
export interface ChartModel {
  readonly id: string;
  readonly title: string;
  /** One line under the title: how to read it. */
  readonly note?: string;
  readonly data: readonly PlotData[];
  readonly layout: Layout;
  /** Takes the whole row of the plot grid. */
  readonly wide?: boolean;
}

export const palette = ['#4f6bed', '#2fa58a', '#d69a2d', '#8a5cd6', '#d0587e', '#3a9fc2', '#7a8a2e', '#b5603a'] as const;
const meanColor = '#1d2230';
const testColor = '#c5362f';
const guideColor = '#a5abb8';
const grid = '#eef0f4';

export function colorAt(i: number): string {
  return palette[i % palette.length] ?? '#4f6bed';
}

function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title, standoff: 6 }, gridcolor: grid, zeroline: false, automargin: true, ...extra };
}

function baseLayout(x: string, y: string, extra: Partial<Layout> = {}): Layout {
  return {
    height: 300,
    margin: { l: 52, r: 12, t: 8, b: 40 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: 'system-ui, sans-serif', size: 11, color: '#5b6170' },
    showlegend: true,
    legend: { orientation: 'v', x: 1, xanchor: 'right', y: 0, yanchor: 'bottom', bgcolor: 'rgba(255,255,255,0.85)', font: { size: 10.5 } },
    xaxis: axis(x),
    yaxis: axis(y),
    ...extra,
  };
}

const unitRange = [-0.02, 1.02];

/** Fold curves thin and pale, the mean bold and dark, the test curve red. */
function curveStyle(series: CurveSeries, i: number): Pick<ScatterData, 'line' | 'opacity'> {
  if (series.name === 'mean') return { line: { color: meanColor, width: 2.6 } };
  if (series.name === 'test') return { line: { color: testColor, width: 2.2, dash: 'dash' } };
  return { line: { color: colorAt(i), width: 1.3 }, opacity: 0.7 };
}

function curveName(series: CurveSeries, areaLabel: string | null): string {
  return areaLabel !== null && series.area !== undefined ? `${series.name} (${areaLabel} ${formatNumber(series.area)})` : series.name;
}

/** Fold curves first, then mean and test on top (plotly draws later traces above). */
function ordered(series: readonly CurveSeries[]): CurveSeries[] {
  const rank = (s: CurveSeries): number => (s.name === 'mean' ? 1 : s.name === 'test' ? 2 : 0);
  return [...series].sort((a, b) => rank(a) - rank(b));
}

function curveTraces(series: readonly CurveSeries[], areaLabel: string | null, hover: string): ScatterData[] {
  return ordered(series).map((s, i) => ({
    type: 'scatter',
    mode: 'lines',
    name: curveName(s, areaLabel),
    x: s.x,
    y: s.y,
    ...curveStyle(s, i),
    hovertemplate: `${s.name}: ${hover}<extra></extra>`,
  }));
}

function diagonal(name: string): ScatterData {
  return { type: 'scatter', mode: 'lines', name, x: [0, 1], y: [0, 1], line: { color: guideColor, width: 1, dash: 'dash' }, hoverinfo: 'skip' };
}

/** Multiclass runs store one curve per class against the rest (see multiclassCurves), binary ones one per fold. */
function perClass(series: readonly CurveSeries[]): boolean {
  return series.some((s) => s.name.endsWith(' vs rest'));
}

/** Past six curves a legend inside the plot hides them: it moves to the right of the plot. */
function curveLegend(series: readonly CurveSeries[], inside: NonNullable<Layout['legend']>): NonNullable<Layout['legend']> {
  return series.length > 6 ? { x: 1.02, xanchor: 'left', y: 1, yanchor: 'top', bgcolor: 'rgba(0,0,0,0)', font: { size: 10 } } : inside;
}

export function rocChart(series: readonly CurveSeries[]): ChartModel | null {
  if (series.length === 0) return null;
  return {
    id: 'roc',
    title: 'ROC curve',
    note: perClass(series)
      ? 'Each class against the rest, on the pooled validation predictions; bold: the macro mean. The dashed diagonal is chance.'
      : 'True vs false positive rate per fold; the dashed diagonal is chance.',
    data: [...curveTraces(series, 'AUC', 'FPR %{x:.3f}, TPR %{y:.3f}'), diagonal('chance')],
    layout: baseLayout('False positive rate', 'True positive rate', {
      xaxis: axis('False positive rate', { range: unitRange }),
      yaxis: axis('True positive rate', { range: unitRange }),
      legend: curveLegend(series, { orientation: 'v', x: 1, xanchor: 'right', y: 0, yanchor: 'bottom', bgcolor: 'rgba(255,255,255,0.85)', font: { size: 10.5 } }),
    }),
  };
}

export function prChart(series: readonly CurveSeries[]): ChartModel | null {
  if (series.length === 0) return null;
  return {
    id: 'pr',
    title: 'Precision–recall curve',
    note: perClass(series) ? 'Each class against the rest, on the pooled validation predictions; AP = average precision, bold: the macro mean.' : 'Precision against recall per fold; AP = average precision.',
    data: curveTraces(series, 'AP', 'recall %{x:.3f}, precision %{y:.3f}'),
    layout: baseLayout('Recall', 'Precision', {
      xaxis: axis('Recall', { range: unitRange }),
      yaxis: axis('Precision', { range: unitRange }),
      legend: curveLegend(series, { x: 0, xanchor: 'left', y: 0, yanchor: 'bottom', bgcolor: 'rgba(255,255,255,0.85)', font: { size: 10.5 } }),
    }),
  };
}

export function calibrationChart(series: readonly CurveSeries[]): ChartModel | null {
  if (series.length === 0) return null;
  const data = ordered(series).map(
    (s, i): ScatterData => ({
      type: 'scatter',
      mode: 'lines+markers',
      name: s.name,
      x: s.x,
      y: s.y,
      ...curveStyle(s, i),
      marker: { size: 5 },
      hovertemplate: `${s.name}: predicted %{x:.2f}, observed %{y:.2f}<extra></extra>`,
    }),
  );
  return {
    id: 'calibration',
    title: 'Calibration',
    note: 'Observed frequency against predicted probability; a calibrated model follows the diagonal.',
    data: [...data, diagonal('perfectly calibrated')],
    layout: baseLayout('Mean predicted probability', 'Fraction of positives', {
      xaxis: axis('Mean predicted probability', { range: unitRange }),
      yaxis: axis('Fraction of positives', { range: unitRange }),
      legend: { x: 0, xanchor: 'left', y: 1, yanchor: 'top', bgcolor: 'rgba(255,255,255,0.85)', font: { size: 10.5 } },
    }),
  };
}

const thresholdColors: Readonly<Record<string, string>> = { precision: '#4f6bed', recall: '#2fa58a', f1: '#d69a2d' };

export function thresholdChart(series: readonly CurveSeries[], threshold: number | null): ChartModel | null {
  if (series.length === 0) return null;
  const data = series.map(
    (s, i): ScatterData => ({
      type: 'scatter',
      mode: 'lines',
      name: metricLabel(s.name),
      x: s.x,
      y: s.y,
      line: { color: thresholdColors[s.name.toLowerCase()] ?? colorAt(i), width: 2 },
      hovertemplate: `${metricLabel(s.name)} %{y:.3f} at threshold %{x:.3f}<extra></extra>`,
    }),
  );
  const marked = threshold !== null && Number.isFinite(threshold);
  return {
    id: 'thresholds',
    title: 'Precision, recall and F1 vs threshold',
    note: marked ? `The dotted line is the chosen decision threshold (${formatNumber(threshold)}).` : 'Pooled validation predictions.',
    data,
    layout: baseLayout('Decision threshold', 'Score', {
      xaxis: axis('Decision threshold', { range: unitRange }),
      yaxis: axis('Score', { range: unitRange }),
      legend: { x: 0.5, xanchor: 'center', y: 0, yanchor: 'bottom', orientation: 'h', bgcolor: 'rgba(255,255,255,0.85)', font: { size: 10.5 } },
      ...(marked
        ? {
            shapes: [{ type: 'line', x0: threshold, x1: threshold, y0: 0, y1: 1, xref: 'x', yref: 'paper', line: { color: testColor, width: 1.5, dash: 'dot' } }],
            annotations: [{ x: threshold, y: 1, xref: 'x', yref: 'paper', text: `t = ${formatNumber(threshold)}`, showarrow: false, xanchor: 'left', yanchor: 'top', font: { size: 10.5, color: testColor } }],
          }
        : {}),
    }),
  };
}

export function confusionChart(confusion: TrainPlots['confusion'], classes: readonly string[] | null): ChartModel | null {
  if (!confusion || confusion.counts.length === 0) return null;
  const labels = confusion.labels.length === confusion.counts.length ? confusion.labels : (classes ?? confusion.labels);
  const n = labels.length;
  const heat: HeatmapData = {
    type: 'heatmap',
    z: confusion.counts,
    x: labels.map(String),
    y: labels.map(String),
    colorscale: [
      [0, '#f6f7fb'],
      [1, '#3d57d1'],
    ],
    showscale: false,
    texttemplate: '%{z}',
    textfont: { size: n > 8 ? 9 : 12 },
    hovertemplate: 'true %{y}, predicted %{x}: %{z}<extra></extra>',
    xgap: 1,
    ygap: 1,
  };
  return {
    id: 'confusion',
    title: 'Confusion matrix',
    note: 'Counts summed over validation folds; rows are the true class.',
    data: [heat],
    layout: baseLayout('Predicted', 'True', {
      height: Math.min(420, Math.max(260, 40 * n + 80)),
      showlegend: false,
      xaxis: axis('Predicted', { type: 'category', side: 'bottom' }),
      yaxis: axis('True', { type: 'category', autorange: 'reversed' }),
    }),
  };
}

export function importanceChart(importance: TrainPlots['importance'], top = 20): ChartModel | null {
  if (importance.length === 0) return null;
  const best = [...importance].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, top).reverse();
  const bar: BarData = {
    type: 'bar',
    orientation: 'h',
    x: best.map((f) => f.value),
    y: best.map((f) => (f.feature.length > 28 ? `${f.feature.slice(0, 27)}…` : f.feature)),
    marker: { color: '#4f6bed' },
    hovertemplate: '%{y}: %{x:.4g}<extra></extra>',
  };
  return {
    id: 'importance',
    title: importance.length > top ? `Feature importance (top ${top} of ${importance.length})` : 'Feature importance',
    data: [bar],
    layout: baseLayout('Importance', '', {
      height: Math.max(220, 20 * best.length + 70),
      showlegend: false,
      margin: { l: 8, r: 12, t: 8, b: 40 },
      yaxis: { type: 'category', automargin: true, gridcolor: grid },
    }),
  };
}

function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

export function residualCharts(residuals: TrainPlots['residuals']): ChartModel[] {
  if (!residuals || residuals.predicted.length === 0) return [];
  const { predicted, actual } = residuals;
  const res = predicted.map((p, i) => (actual[i] ?? p) - p);
  const [pLo, pHi] = extent(predicted);
  const [lo, hi] = extent([...predicted, ...actual]);
  const points = { size: 4, opacity: 0.55, color: '#4f6bed' };
  return [
    {
      id: 'residuals',
      title: 'Residuals vs predicted',
      note: 'Actual − predicted; a good fit scatters evenly around zero.',
      data: [
        { type: 'scatter', mode: 'markers', name: 'residual', x: predicted, y: res, marker: points, hovertemplate: 'predicted %{x:.4g}, residual %{y:.4g}<extra></extra>' },
        { type: 'scatter', mode: 'lines', name: 'zero', x: [pLo, pHi], y: [0, 0], line: { color: guideColor, width: 1, dash: 'dash' }, hoverinfo: 'skip' },
      ],
      layout: baseLayout('Predicted', 'Residual', { showlegend: false }),
    },
    {
      id: 'predicted-actual',
      title: 'Predicted vs actual',
      note: 'Points on the dashed line are predicted exactly.',
      data: [
        { type: 'scatter', mode: 'markers', name: 'rows', x: actual, y: predicted, marker: points, hovertemplate: 'actual %{x:.4g}, predicted %{y:.4g}<extra></extra>' },
        { type: 'scatter', mode: 'lines', name: 'ideal', x: [lo, hi], y: [lo, hi], line: { color: guideColor, width: 1, dash: 'dash' }, hoverinfo: 'skip' },
      ],
      layout: baseLayout('Actual', 'Predicted', { showlegend: false }),
    },
  ];
}

export function learningCurveChart(curve: TrainPlots['learningCurve']): ChartModel | null {
  if (!curve || curve.sizes.length === 0) return null;
  const label = metricLabel(curve.metric);
  const line = (name: string, y: readonly number[], color: string): ScatterData => ({
    type: 'scatter',
    mode: 'lines+markers',
    name,
    x: curve.sizes,
    y,
    line: { color, width: 2 },
    marker: { size: 6 },
    hovertemplate: `${name}: ${label} %{y:.4g} with %{x} rows<extra></extra>`,
  });
  return {
    id: 'learning-curve',
    title: 'Learning curve',
    note: 'A gap between the lines means overfitting; two low lines that meet mean the model is too simple.',
    data: [line('training', curve.train, '#4f6bed'), line('validation', curve.validation, '#d69a2d')],
    layout: baseLayout('Training rows', label),
  };
}

/** Charts group metrics by the direction their definition declares: scores up, losses and errors down. */
function byDirection(names: readonly string[]): { higher: string[]; lower: string[] } {
  return { higher: names.filter((m) => !lowerIsBetter(m)), lower: names.filter((m) => lowerIsBetter(m)) };
}

function finite(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}

function foldBoxes(metrics: Readonly<Record<string, MetricSummary>>, names: readonly string[]): BoxData[] {
  return names.map((name, i) => ({
    type: 'box',
    y: finite(metrics[name]?.folds ?? []),
    name: metricLabel(name),
    boxpoints: 'all',
    jitter: 0.35,
    pointpos: 0,
    marker: { color: colorAt(i), size: 6 },
    line: { color: colorAt(i), width: 1.5 },
    fillcolor: 'rgba(0,0,0,0)',
    hovertemplate: `${metricLabel(name)}: %{y:.4f}<extra></extra>`,
  }));
}

/** Spread of each metric over the folds: a stable model has short boxes. */
export function foldScoreCharts(run: TrainRunSummary): ChartModel[] {
  const order = mainMetrics(run.task);
  const names = [...order.filter((m) => m in run.metrics), ...Object.keys(run.metrics).filter((m) => !order.includes(m)).sort()].filter(
    (m) => finite(run.metrics[m]?.folds ?? []).length > 1,
  );
  const { higher: unit, lower } = byDirection(names);
  // MSE (squared units) and MAPE (unbounded) would flatten RMSE and MAE on a shared axis; the cards still show them.
  const errors = lower.filter((m) => m !== 'mse' && m !== 'mape');
  const charts: ChartModel[] = [];
  if (unit.length > 0)
    charts.push({
      id: 'fold-scores',
      title: 'Scores across folds',
      note: 'Each dot is one fold; higher is better, short boxes mean a stable model.',
      data: foldBoxes(run.metrics, unit),
      layout: baseLayout('', 'Score', { showlegend: false, xaxis: { type: 'category', automargin: true } }),
      wide: unit.length > 6,
    });
  if (errors.length > 0)
    charts.push({
      id: 'fold-errors',
      title: run.task === 'regression' ? 'Errors across folds' : 'Losses across folds',
      note: 'Each dot is one fold; lower is better.',
      data: foldBoxes(run.metrics, errors),
      layout: baseLayout('', run.task === 'regression' ? 'Error' : 'Loss', { showlegend: false, xaxis: { type: 'category', automargin: true } }),
    });
  return charts;
}

export function pcaChart(pca: TrainPlots['pca']): ChartModel | null {
  if (!pca || pca.ratio.length === 0) return null;
  const names = pca.ratio.map((_, i) => `PC${i + 1}`);
  return {
    id: 'pca',
    title: 'PCA explained variance',
    note: 'Bars: each component; line: cumulative share of the variance.',
    data: [
      { type: 'bar', name: 'component', x: names, y: pca.ratio, marker: { color: '#8a5cd6' }, hovertemplate: '%{x}: %{y:.1%}<extra></extra>' },
      { type: 'scatter', mode: 'lines+markers', name: 'cumulative', x: names, y: pca.cumulative, line: { color: '#1d2230', width: 2 }, marker: { size: 5 }, hovertemplate: 'up to %{x}: %{y:.1%}<extra></extra>' },
    ],
    layout: baseLayout('Component', 'Explained variance', {
      yaxis: axis('Explained variance', { range: [0, 1.02], tickformat: '.0%' }),
      xaxis: axis('Component', { type: 'category' }),
      legend: { x: 1, xanchor: 'right', y: 0.5, yanchor: 'middle', bgcolor: 'rgba(255,255,255,0.85)', font: { size: 10.5 } },
    }),
  };
}

/** Every chart a finished run has data for, in reading order. */
export function runCharts(run: TrainRunSummary, plots: TrainPlots | null): ChartModel[] {
  const charts: (ChartModel | null)[] = [];
  if (plots) {
    charts.push(rocChart(plots.roc), prChart(plots.pr), confusionChart(plots.confusion, run.classes), thresholdChart(plots.thresholds, run.threshold));
    charts.push(calibrationChart(plots.calibration), ...residualCharts(plots.residuals));
  }
  charts.push(...foldScoreCharts(run));
  if (plots) charts.push(importanceChart(plots.importance), learningCurveChart(plots.learningCurve), pcaChart(plots.pca));
  return charts.filter((c): c is ChartModel => c !== null);
}

/** Metrics every compared run has, in the first run's order. */
export function sharedMetrics(runs: readonly TrainRunSummary[]): string[] {
  const first = runs[0];
  if (!first) return [];
  const order = [...mainMetrics(first.task), ...Object.keys(first.metrics).sort()];
  const seen = new Set<string>();
  return order.filter((m) => {
    if (seen.has(m)) return false;
    seen.add(m);
    return runs.every((r) => r.metrics[m] !== undefined);
  });
}

/** Grouped bars: one group per metric, one bar per run, error bars = std over folds. */
export function compareChart(runs: readonly TrainRunSummary[], metrics: readonly string[], id = 'compare', title = 'Metric means (± std over folds)'): ChartModel | null {
  if (runs.length === 0 || metrics.length === 0) return null;
  const data = runs.map(
    (r, i): BarData => ({
      type: 'bar',
      name: `#${r.runId} ${runTitle(r)}`,
      x: metrics.map(metricLabel),
      y: metrics.map((m) => r.metrics[m]?.mean ?? 0),
      error_y: { type: 'data', array: metrics.map((m) => r.metrics[m]?.std ?? 0), visible: true, color: '#5b6170', thickness: 1.2, width: 4 },
      marker: { color: colorAt(i) },
      hovertemplate: `#${r.runId} %{x}: %{y:.4f}<extra></extra>`,
    }),
  );
  return {
    id,
    title,
    data,
    wide: true,
    layout: baseLayout('', 'Mean over folds', {
      height: 340,
      barmode: 'group',
      bargap: 0.25,
      bargroupgap: 0.06,
      xaxis: { type: 'category', automargin: true },
      legend: { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom', font: { size: 11 } },
      margin: { l: 52, r: 12, t: 30, b: 40 },
    }),
  };
}

/** Scores and errors never share an axis (an RMSE of 40 would flatten every AUC), nor a "better" direction. */
export function compareCharts(runs: readonly TrainRunSummary[]): ChartModel[] {
  const shared = sharedMetrics(runs);
  const { higher, lower } = byDirection(shared);
  return [compareChart(runs, higher, 'compare-scores', 'Scores: mean ± std over folds (higher is better)'), compareChart(runs, lower, 'compare-errors', 'Errors and losses: mean ± std over folds (lower is better)')].filter(
    (c): c is ChartModel => c !== null,
  );
}
