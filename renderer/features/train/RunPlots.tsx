import { useMemo } from 'react';
import type { TrainPlots, TrainRunSummary } from '../../../preload/contract/train';
import { PlotlyChart } from '../../components/PlotlyChart';
import { runCharts, type ChartModel } from './plot-model';

export function ChartCard({ chart }: { readonly chart: ChartModel }) {
  return (
    <section className={`plot-card train-plot${chart.wide ? ' wide' : ''}`} data-testid={`plot-${chart.id}`} aria-label={chart.title}>
      <header>
        <h3>{chart.title}</h3>
      </header>
      {chart.note && <p className="plot-note">{chart.note}</p>}
      <PlotlyChart data={chart.data} layout={chart.layout} />
    </section>
  );
}

/** Only the plots the run has data for (ROC for binary, residuals for regression, PCA when it ran …). */
export function RunPlots({ run, plots }: { readonly run: TrainRunSummary; readonly plots: TrainPlots | null }) {
  const charts = useMemo(() => runCharts(run, plots), [run, plots]);
  if (charts.length === 0) return null;
  return (
    <div className="train-plots" data-testid="run-plots">
      {charts.map((c) => (
        <ChartCard key={c.id} chart={c} />
      ))}
    </div>
  );
}
