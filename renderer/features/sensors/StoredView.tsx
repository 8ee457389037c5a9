import { useEffect, useMemo, useRef, useState } from 'react';
import type { StreamHistory, StreamSummary } from '../../../preload/contract';
import { LivePlot, type LivePlotHandle } from '../../components/LivePlot';
import { client } from '../../lib/client';
import { reportError } from '../toasts';
import { groupSeries, plotSeries } from './plot-model';
import { PlotCardHeader } from './PlotCardHeader';
import { formatCount } from './status-format';

const when = (t: number): string => new Date(t).toLocaleString('en-GB', { hour12: false });
const span = (ms: number): string => (ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : ms < 7_200_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 3_600_000).toFixed(1)} h`);
/** Points asked of the host per range: it buckets longer ranges to min/max pairs. */
const maxPoints = 2000;

/**
 * A stopped stream's stored readings, browsable without a live source (read-only
 * projects included): counters, one plot per field over the whole stored span,
 * and a zoom by dragging across a plot (the host re-buckets the picked range).
 */
export function StoredView({ stream }: { readonly stream: StreamSummary }) {
  const [history, setHistory] = useState<StreamHistory | null>(null);
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const handles = useRef(new Map<string, LivePlotHandle>());

  useEffect(() => {
    let alive = true;
    client()
      .invoke('stream:history', { streamId: stream.id, maxPoints, ...(range ?? {}) })
      .then((h) => alive && setHistory(h), (err: unknown) => alive && reportError(err));
    return () => {
      alive = false;
    };
  }, [stream.id, range, stream.readingCount]);

  const groups = useMemo(() => {
    if (!history) return [];
    const numeric = Object.keys(history.series).filter((k) => history.series[k]?.some((v) => v !== null));
    return groupSeries(numeric, stream.fields.map((f) => f.name));
  }, [history, stream.fields]);

  useEffect(() => {
    if (!history) return;
    for (const g of groups) {
      const h = handles.current.get(g.field);
      if (!h) continue;
      h.replace(history.t, g.series.map((n) => history.series[n]));
      h.setView({ from: history.from, to: history.to });
    }
  }, [history, groups]);

  const stored = history?.stored;
  return (
    <div className="live-view stored-view" data-testid="stored-view" data-from={history?.from} data-to={history?.to} data-decimated={history?.decimated}>
      <div className="stored-counters">
        <span data-testid="stored-readings" data-value={stored?.readings ?? 0}>
          <b>{formatCount(stored?.readings ?? stream.readingCount)}</b> readings stored
        </span>
        {stored && (
          <>
            <span data-testid="stored-span">
              {when(stored.from)} – {when(stored.to)} ({span(stored.to - stored.from)})
            </span>
            <span data-testid="stored-invalid" data-value={stored.invalid}>
              <b>{formatCount(stored.invalid)}</b> invalid
            </span>
          </>
        )}
        <span className="spacer" />
        {range && (
          <button type="button" className="small" data-testid="stored-whole" onClick={() => setRange(null)}>
            Whole span
          </button>
        )}
      </div>
      <p className="hint">
        Not running: these are the stored readings{history?.decimated ? ' (min and max per time bucket)' : ''}. Drag across a plot to zoom into a time range.
      </p>
      <div className="live-plots">
        {groups.map((g) => (
          <article className="plot-card" key={g.field} data-testid="stored-plot" data-field={g.field}>
            <PlotCardHeader group={g} />
            <LivePlot
              series={plotSeries(g)}
              capacity={2 * maxPoints + 2}
              height={190}
              testId="live-chart"
              onSelect={(from, to) => setRange({ from, to })}
              onDraw={(d, el) => {
                el.dataset['points'] = String(d.points);
              }}
              onReady={(h) => {
                if (!h) {
                  handles.current.delete(g.field);
                  return;
                }
                handles.current.set(g.field, h);
                if (history) {
                  h.replace(history.t, g.series.map((n) => history.series[n]));
                  h.setView({ from: history.from, to: history.to });
                }
              }}
            />
          </article>
        ))}
      </div>
    </div>
  );
}
