import { useEffect, useMemo, useRef } from 'react';
import type { StreamSummary } from '../../../preload/contract';
import { LivePlot, type LivePlotDraw, type LivePlotHandle } from '../../components/LivePlot';
import { loadHistory } from './actions';
import { bufferFor, ringCapacity } from './live-buffer';
import { onStreamFrames } from './live-subscribers';
import { groupSeries, plotMarkers, plotSeries, type PlotGroup } from './plot-model';
import { pauseLive, resumeLive, setViewEnd, setWindow, useLiveView, useSensorsStore, useSeriesNames, windowChoices } from './slice';
import { PlotCardHeader } from './PlotCardHeader';
import { formatCount } from './status-format';
import { StoredView } from './StoredView';
import { stepBack, stepForward, viewWindow } from './view-window';

export const plotHeight = 190;

const clock = (t: number): string => new Date(t).toLocaleTimeString('en-GB', { hour12: false });

export function LiveView({ stream, running }: { readonly stream: StreamSummary; readonly running: boolean }) {
  const names = useSeriesNames(stream.id);
  const view = useLiveView();
  const fieldNames = useMemo(() => stream.fields.map((f) => f.name), [stream.fields]);
  const groups = useMemo(() => groupSeries(names, fieldNames), [names, fieldNames]);
  const handles = useRef(new Map<string, LivePlotHandle>());
  const countRef = useRef<HTMLSpanElement>(null);
  const rangeRef = useRef<HTMLSpanElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  /** Host arrival of the newest message handed to the plots: what a drawn plot now shows, for latency checks. */
  const arrival = useRef(0);
  const source = useRef<'live' | 'history'>('live');

  // Fills one plot from the stream's buffer as the view stands (on mount, a pause, a step back, a window change).
  const fill = (g: PlotGroup, h: LivePlotHandle): void => {
    const buffer = bufferFor(stream.id);
    const live = useSensorsStore.getState().live;
    const w = viewWindow(buffer, live, Date.now());
    source.current = w.source;
    arrival.current = buffer.newestArrival;
    h.replace(w.data.t, g.series.map((n) => w.data.series[n]));
    h.setView(live.paused ? { from: w.from, to: w.to } : { follow: live.windowMs });
    h.setMarkers(plotMarkers(g, buffer.anomalies));
  };
  const fillRef = useRef(fill);
  fillRef.current = fill;

  // Points never pass through React: each frame is appended to every plot, and each plot draws at most
  // once per animation frame however many frames arrived (LivePlot coalesces).
  useEffect(() => {
    const byField = new Map(groups.map((g) => [g.field, g]));
    const refill = (): void => {
      for (const [field, h] of handles.current) {
        const g = byField.get(field);
        if (g) fillRef.current(g, h);
      }
    };
    refill();
    return onStreamFrames(stream.id, (frame) => {
      if (useSensorsStore.getState().live.paused) {
        // Paused, the picture stays; only fetched stored readings change it.
        if (frame === null) refill();
        return;
      }
      if (frame === null) return;
      arrival.current = Math.max(arrival.current, frame.newestArrival);
      const anomalies = frame.anomalies.length > 0 ? bufferFor(stream.id).anomalies : null;
      for (const [field, h] of handles.current) {
        const g = byField.get(field);
        if (!g) continue;
        h.append(frame.t, g.series.map((n) => frame.series[n]));
        if (anomalies) h.setMarkers(plotMarkers(g, anomalies));
      }
    });
  }, [stream.id, groups, view.paused, view.viewEnd, view.windowMs]);

  const drawn = (draw: LivePlotDraw, el: HTMLDivElement): void => {
    // Visible state for tests and the latency bench (which never sleep): what each plot last drew.
    el.dataset['newestArrival'] = String(arrival.current);
    el.dataset['points'] = String(draw.points);
    el.dataset['markers'] = String(draw.markers);
    el.dataset['scales'] = JSON.stringify(draw.scales);
    const live = useSensorsStore.getState().live;
    if (countRef.current) countRef.current.textContent = `${formatCount(draw.rows)} points${source.current === 'history' ? ' (stored)' : ''}`;
    if (rangeRef.current) rangeRef.current.textContent = `${clock(draw.from)} – ${clock(draw.to)}`;
    if (rootRef.current) {
      rootRef.current.dataset['drawn'] = live.paused ? `paused-${source.current}` : 'live';
      rootRef.current.dataset['newestArrival'] = String(arrival.current);
      rootRef.current.dataset['drawMs'] = draw.ms.toFixed(1);
    }
  };

  const go = (end: number | null): void => {
    if (end === null) return;
    setViewEnd(end);
    const { pausedAt, windowMs } = useSensorsStore.getState().live;
    // Inside what the live buffer holds since the pause, no request is needed.
    if (pausedAt !== null && end < pausedAt) void loadHistory(stream.id, end - windowMs, end);
  };

  // Stopped with readings stored: browse them (no live source needed, read-only projects too).
  if (groups.length === 0 && !running && stream.readingCount > 0) return <StoredView stream={stream} />;

  return (
    <div className="live-view" ref={rootRef} data-testid="live-view" data-paused={view.paused}>
      <div className="live-toolbar">
        <nav className="tabs" aria-label="Time window">
          {windowChoices.map((c) => (
            <button
              key={c.ms}
              type="button"
              className={`tab${view.windowMs === c.ms ? ' active' : ''}`}
              aria-pressed={view.windowMs === c.ms}
              data-testid={`window-${c.ms / 1000}s`}
              onClick={() => {
                setWindow(c.ms);
                const s = useSensorsStore.getState().live;
                if (s.paused && s.pausedAt !== null && s.viewEnd !== null && s.viewEnd < s.pausedAt) void loadHistory(stream.id, s.viewEnd - c.ms, s.viewEnd);
              }}
            >
              {c.label}
            </button>
          ))}
        </nav>
        {view.paused ? (
          <>
            <button type="button" className="small" data-testid="live-back" onClick={() => go(stepBack(view))}>
              ◀ 1 min
            </button>
            <button type="button" className="small" data-testid="live-forward" disabled={view.viewEnd === view.pausedAt} onClick={() => go(stepForward(view))}>
              1 min ▶
            </button>
            <button type="button" className="small primary" data-testid="live-resume" onClick={resumeLive}>
              ▶ Resume live
            </button>
          </>
        ) : (
          <button type="button" className="small" data-testid="live-pause" onClick={() => pauseLive(bufferFor(stream.id).ring.newest)}>
            ❚❚ Pause
          </button>
        )}
        <span className="spacer" />
        {view.historyLoading && <span className="muted small-text">loading stored readings…</span>}
        <span className="live-range muted" ref={rangeRef} />
        <span className="live-count" data-testid="live-count" ref={countRef} />
      </div>
      {groups.length === 0 ? (
        <div className="empty-state" data-testid="live-empty">
          {running ? (
            <>
              <h2>Waiting for readings…</h2>
              <p>Plots appear with the first readings of the stream.</p>
            </>
          ) : (
            <>
              <h2>Not running</h2>
              <p>Start the stream to watch its readings live.</p>
            </>
          )}
        </div>
      ) : (
        <div className="live-plots">
          {groups.map((g) => (
            <article className="plot-card" key={g.field} data-testid="live-plot" data-field={g.field}>
              <PlotCardHeader group={g} />
              <LivePlot
                series={plotSeries(g)}
                capacity={ringCapacity}
                height={plotHeight}
                testId="live-chart"
                onDraw={drawn}
                onReady={(h) => {
                  if (h) {
                    handles.current.set(g.field, h);
                    fill(g, h);
                  } else handles.current.delete(g.field);
                }}
              />
            </article>
          ))}
        </div>
      )}
    </div>
  );
}
