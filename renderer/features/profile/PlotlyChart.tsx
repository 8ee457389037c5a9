import { useEffect, useRef, useState } from 'react';
import type { Config, Layout, PlotData } from 'plotly.js-dist-min';
import { drawSoon, loadPlotly, type Plotly } from '../../lib/plotly';

const config: Config = { displayModeBar: false, responsive: true };

export function PlotlyChart({ data, layout, testId }: { readonly data: readonly PlotData[]; readonly layout: Layout; readonly testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

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
          void p.react(el, data, layout, config);
        });
      },
      (err: unknown) => alive && setFailed(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      alive = false;
      plotly?.purge(el);
    };
  }, [data, layout]);

  if (failed) return <div className="chart-failed">Chart unavailable: {failed}</div>;
  return <div ref={ref} className="chart" data-testid={testId} style={{ height: layout.height }} />;
}
