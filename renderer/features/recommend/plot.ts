import type { Layout, PlotData } from 'plotly.js-dist-min';
import type { RecsRunSummary } from '../../../preload/contract/recs';

/** NDCG@K and recall@K for K = 1 … 20, one pair of lines per evaluated run (solid NDCG, dotted recall). */
export function metricsAtK(runs: readonly RecsRunSummary[]): { data: PlotData[]; layout: Layout } {
  const data: PlotData[] = [];
  for (const r of runs) {
    if (!r.evaluation) continue;
    const ks = r.evaluation.curve.map((c) => c.k);
    const name = `#${r.runId} ${r.spec.model}`;
    data.push({ type: 'scatter', mode: 'lines', name: `${name} NDCG`, x: ks, y: r.evaluation.curve.map((c) => c.ndcg), legendgroup: name } as PlotData);
    data.push({ type: 'scatter', mode: 'lines', name: `${name} recall`, x: ks, y: r.evaluation.curve.map((c) => c.recall), line: { dash: 'dot' }, legendgroup: name } as PlotData);
  }
  return {
    data,
    layout: {
      height: 230,
      margin: { l: 44, r: 8, t: 8, b: 36 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { family: 'system-ui, sans-serif', size: 11, color: '#5b6170' },
      xaxis: { title: { text: 'K' }, dtick: 2 },
      yaxis: { title: { text: 'metric @K' }, rangemode: 'tozero' },
      legend: { font: { size: 10 } },
    } as Layout,
  };
}

const small = {
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
  font: { family: 'system-ui, sans-serif', size: 11, color: '#5b6170' },
};

/** Interactions per item by popularity rank, log–log: the long tail of the catalogue. */
export function longTail(run: RecsRunSummary): { data: PlotData[]; layout: Layout } {
  const p = run.data.popularity;
  return {
    data: [{ type: 'scatter', mode: 'lines', name: 'interactions', x: p.map((x) => x.rank), y: p.map((x) => Math.max(x.interactions, 0.5)), line: { shape: 'hv' } } as PlotData],
    layout: {
      ...small,
      height: 190,
      margin: { l: 48, r: 8, t: 8, b: 36 },
      showlegend: false,
      xaxis: { title: { text: 'item popularity rank' }, type: 'log' },
      yaxis: { title: { text: 'interactions' }, type: 'log' },
    } as Layout,
  };
}

/** Catalogue coverage and popularity bias of the run's lists for K = 1 … 20. */
export function coverageAtK(run: RecsRunSummary): { data: PlotData[]; layout: Layout } {
  const curve = run.evaluation?.curve ?? [];
  const ks = curve.map((c) => c.k);
  return {
    data: [
      { type: 'scatter', mode: 'lines', name: 'coverage', x: ks, y: curve.map((c) => c.coverage) } as PlotData,
      { type: 'scatter', mode: 'lines', name: 'popularity bias', x: ks, y: curve.map((c) => c.popularityBias), yaxis: 'y2', line: { dash: 'dot' } } as PlotData,
    ],
    layout: {
      ...small,
      height: 190,
      // The right axis holds small fractions: three decimals and room for its title beside them.
      margin: { l: 48, r: 62, t: 8, b: 36 },
      xaxis: { title: { text: 'K' }, dtick: 2 },
      yaxis: { title: { text: 'coverage' }, rangemode: 'tozero' },
      yaxis2: { title: { text: 'popularity bias', standoff: 6 }, overlaying: 'y', side: 'right', rangemode: 'tozero', tickformat: '.3f' },
      legend: { font: { size: 10 }, orientation: 'h', y: 1.15 },
    } as Layout,
  };
}
