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
