import { useEffect, useMemo, useRef, useState } from 'react';
import type { Config } from 'plotly.js-dist-min';
import type { StreamSummary } from '../../../preload/contract';
import { loadPlotly, type Plotly } from '../../lib/plotly';
import { loadHistory } from './actions';
import { bufferFor } from './live-buffer';
import { buildTraces, groupSeries, plotLayout, seriesColors } from './plot-model';
import { pauseLive, resumeLive, setViewEnd, setWindow, useLiveView, useSensorsStore, useSeriesNames, windowChoices } from './slice';
import { formatCount } from './status-format';
import { drawKey, stepBack, stepForward, viewWindow } from './view-window';

const config: Config = { displayModeBar: false, responsive: true };
/** ~30 redraws a second at most, whatever the frame rate of the host or the screen. */
const minFrameMs = 33;
/** Min-max buckets per trace: about one per two pixels of a half-width plot. */
const buckets = 300;

const clock = (t: number): string => new Date(t).toLocaleTimeString('en-GB', { hour12: false });

export function LiveView({ stream, running }: { readonly stream: StreamSummary; readonly running: boolean }) {
  const names = useSeriesNames(stream.id);
  const view = useLiveView();
  const fieldNames = useMemo(() => stream.fields.map((f) => f.name), [stream.fields]);
  const groups = useMemo(() => groupSeries(names, fieldNames), [names, fieldNames]);
  const plots = useRef(new Map<string, HTMLDivElement>());
  const countRef = useRef<HTMLSpanElement>(null);
  const rangeRef = useRef<HTMLSpanElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let plotly: Plotly | null = null;
    let raf = 0;
    let lastDraw = 0;
    let gapMs = minFrameMs;
    let alive = true;
    loadPlotly().then(
      (p) => {
        plotly = p;
      },
      (err: unknown) => alive && setFailed(err instanceof Error ? err.message : String(err)),
    );
    // Plots scrolled out of sight are not redrawn (each costs ~10–20 ms of SVG work); one that comes
    // back into view is brought up to date on the next frame.
    const visible = new Set<Element>();
    const drawnKey = new Map<string, string>();
    const drawnAt = new Map<string, number>();
    const observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (e.isIntersecting) visible.add(e.target);
        else visible.delete(e.target);
      }
    });
    for (const el of plots.current.values()) observer.observe(el);
    // Points never pass through React: each animation frame reads the buffer and redraws ONE plot,
    // the stalest visible one, when something moved. Spreading the plots over frames keeps every
    // task short (one plot's redraw) and each plot at most a few frames behind the data.
    const draw = (now: number): void => {
      raf = requestAnimationFrame(draw);
      if (!plotly || now - lastDraw < gapMs) return;
      const buffer = bufferFor(stream.id);
      const live = useSensorsStore.getState().live;
      const key = drawKey(buffer, live);
      let next: (typeof groups)[number] | null = null;
      for (const g of groups) {
        const candidate = plots.current.get(g.field);
        if (candidate === undefined || !visible.has(candidate) || drawnKey.get(g.field) === key) continue;
        if (next === null || (drawnAt.get(g.field) ?? 0) < (drawnAt.get(next.field) ?? 0)) next = g;
      }
      const el = next ? plots.current.get(next.field) : undefined;
      if (!next || !el) return;
      lastDraw = now;
      const started = performance.now();
      const w = viewWindow(buffer, live, Date.now());
      void plotly.react(el, buildTraces(next, w.data, buffer.anomalies, buckets), plotLayout(w.from, w.to), config);
      drawnKey.set(next.field, key);
      drawnAt.set(next.field, now);
      // What this plot now shows, for latency checks.
      el.dataset['newestArrival'] = String(buffer.newestArrival);
      if (countRef.current) countRef.current.textContent = `${formatCount(w.data.t.length)} points${w.source === 'history' ? ' (stored)' : ''}`;
      // A 10-minute window of a fast stream costs more per plot: keep drawing under ~60% of the time.
      const drawMs = performance.now() - started;
      gapMs = Math.max(minFrameMs / 2, 1.6 * drawMs);
      if (rangeRef.current) rangeRef.current.textContent = `${clock(w.from)} – ${clock(w.to)}`;
      // Visible state for tests (which never sleep): what the last drawn picture was.
      if (rootRef.current) {
        rootRef.current.dataset['drawn'] = live.paused ? `paused-${w.source}` : 'live';
        rootRef.current.dataset['newestArrival'] = String(buffer.newestArrival);
        rootRef.current.dataset['drawMs'] = drawMs.toFixed(1);
      }
    };
    raf = requestAnimationFrame(draw);
    const els = plots.current;
    return () => {
      alive = false;
      observer.disconnect();
      cancelAnimationFrame(raf);
      for (const el of els.values()) plotly?.purge(el);
    };
  }, [stream.id, groups]);

  const go = (end: number | null): void => {
    if (end === null) return;
    setViewEnd(end);
    const { pausedAt, windowMs } = useSensorsStore.getState().live;
    // Inside what the live buffer holds since the pause, no request is needed.
    if (pausedAt !== null && end < pausedAt) void loadHistory(stream.id, end - windowMs, end);
  };

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
      {failed ? (
        <div className="chart-failed">Charts unavailable: {failed}</div>
      ) : groups.length === 0 ? (
        <div className="empty-state" data-testid="live-empty">
          {running ? (
            <>
              <h2>Waiting for readings…</h2>
              <p>Plots appear with the first readings of the stream.</p>
            </>
          ) : (
            <>
              <h2>Not running</h2>
              <p>
                {stream.readingCount > 0
                  ? `${formatCount(stream.readingCount)} readings are stored. Start the stream again to watch it live, or export a recording from the Recordings tab.`
                  : 'Start the stream to watch its readings live.'}
              </p>
            </>
          )}
        </div>
      ) : (
        <div className="live-plots">
          {groups.map((g) => (
            <article className="plot-card" key={g.field} data-testid="live-plot" data-field={g.field}>
              <header>
                <h3>{g.field}</h3>
                {g.series.length > 1 && (
                  <ul className="legend">
                    {g.series.map((s, i) => (
                      <li key={s}>
                        <span className={`swatch${i === 0 ? '' : ' dotted'}`} style={{ borderColor: seriesColors[i % seriesColors.length] }} />
                        {s === g.field ? 'value' : s.slice(g.field.length + 1) || s}
                      </li>
                    ))}
                  </ul>
                )}
              </header>
              <div
                className="chart live-chart"
                ref={(el) => {
                  if (el) plots.current.set(g.field, el);
                  else plots.current.delete(g.field);
                }}
              />
            </article>
          ))}
        </div>
      )}
    </div>
  );
}
