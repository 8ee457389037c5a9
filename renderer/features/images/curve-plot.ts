import type { Layout, PlotData } from 'plotly.js-dist-min';
import type { ImageRunSummary, PhaseCurve } from '../../../preload/contract/images';

/**
 * A phase's training curves as two Plotly figures, loss and accuracy, each with
 * its training and validation line. Missing values (a run without validation
 * images; runs made before training accuracy was recorded) are left out, not drawn as 0.
 */
export function curveFigures(curve: PhaseCurve): { loss: { data: PlotData[]; layout: Layout }; accuracy: { data: PlotData[]; layout: Layout } } {
  const x = curve.history.map((h) => h.epoch);
  const line = (name: string, y: readonly (number | undefined)[], dash: boolean): PlotData =>
    ({
      type: 'scatter',
      mode: curve.history.length > 40 ? 'lines' : 'lines+markers',
      name,
      x,
      y: y.map((v) => (v === undefined || v === null || Number.isNaN(v) ? null : v)),
      line: { width: 2, dash: dash ? 'dot' : 'solid', color: dash ? '#d9822b' : '#3d57d1' },
      marker: { size: 5 },
    }) as unknown as PlotData;
  const layout = (title: string, range?: [number, number]): Layout =>
    ({
      title: { text: title, font: { size: 12 } },
      height: 190,
      margin: { l: 44, r: 8, t: 30, b: 34 },
      xaxis: { title: { text: curve.unit, standoff: 4 }, rangemode: 'tozero' },
      yaxis: range ? { range } : { rangemode: 'tozero' },
      legend: { orientation: 'h', y: -0.32, x: 0, font: { size: 11 } },
      showlegend: true,
    }) as unknown as Layout;
  return {
    loss: { data: [line('train', curve.history.map((h) => h.loss), false), line('validation', curve.history.map((h) => h.valLoss), true)], layout: layout('loss') },
    accuracy: { data: [line('train', curve.history.map((h) => h.accuracy), false), line('validation', curve.history.map((h) => h.valAccuracy), true)], layout: layout('accuracy', [0, 1.02]) },
  };
}

/** The curves to draw: the live ones the worker wrote, else (older runs) each phase's stored history. */
export function runCurves(run: ImageRunSummary): PhaseCurve[] {
  if (run.curves && run.curves.length > 0) return [...run.curves].sort((a, b) => a.phase - b.phase);
  return run.phases.map((p) => ({ phase: p.phase, unit: 'epoch', title: p.phase === 1 ? 'head' : 'fine-tuning', history: p.history }));
}
