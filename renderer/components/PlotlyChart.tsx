import { useEffect, useRef, useState } from 'react';
import type { Config, Layout, PlotData } from 'plotly.js-dist-min';
import { drawSoon, loadPlotly, type Plotly } from '../lib/plotly';
import './PlotlyChart.css';

const config: Config = { displayModeBar: false, responsive: true };

/** The clicked point: its x and y (a category axis gives the label). */
export interface ChartClick {
  readonly x: unknown;
  readonly y: unknown;
}

/** What Plotly adds to the element it draws into. */
interface PlotlyElement extends HTMLDivElement {
  on?(event: 'plotly_click', handler: (e: { readonly points: readonly ChartClick[] }) => void): void;
  removeAllListeners?(event: 'plotly_click'): void;
}

export function PlotlyChart({
  data,
  layout,
  testId,
  onClick,
}: {
  readonly data: readonly PlotData[];
  readonly layout: Layout;
  readonly testId?: string;
  readonly onClick?: (point: ChartClick) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // The latest handler, so a new closure does not redraw the chart.
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const clickable = onClick !== undefined;

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    let alive = true;
    let plotly: Plotly | null = null;
    loadPlotly().then(
      (p) => {
        if (!alive) return;
        drawSoon(() => {
          if (!alive) return;
          plotly = p;
          void p.react(el, data, layout, config).then(() => {
            const plot = el as PlotlyElement;
            if (!alive || !clickable || !plot.on) return;
            plot.removeAllListeners?.('plotly_click');
            plot.on('plotly_click', (e) => {
              const point = e.points[0];
              if (point) clickRef.current?.(point);
            });
          });
        });
      },
      (err: unknown) => alive && setFailed(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      alive = false;
      plotly?.purge(el);
    };
  }, [data, layout, clickable]);

  if (failed) return <div className="chart-failed">Chart unavailable: {failed}</div>;
  return <div ref={ref} className={clickable ? 'chart clickable' : 'chart'} data-testid={testId} style={{ height: layout.height }} />;
}
