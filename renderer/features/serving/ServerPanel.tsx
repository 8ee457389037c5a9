import { useEffect, useMemo, useState } from 'react';
import type { Layout, PlotData } from 'plotly.js-dist-min';
import type { ServerInfo } from '../../../preload/contract/serving';
import { PlotlyChart } from '../../components/PlotlyChart';
import { AbResults } from './AbResults';
import { refreshServers, splitServing, stopServing, swapServing } from './actions';
import { curlExample, formatMs, hasTraffic, latencyTraces, latest, liveLayout, rateTraces } from './plot-model';
import { refOf, useServableModels, useServeHistory, type StatsPoint } from './slice';
import { plural } from '../../../preload/contract';

/** How long the slider rests before its value is sent (one split per gesture, not per pixel). */
const splitDebounceMs = 250;
const feedRefreshMs = 1000;

const noPoints: readonly StatsPoint[] = [];

/** A live plot; before the first request its empty axes say how to send one. */
function LivePlot({ plot, idle, testId }: { readonly plot: { readonly data: PlotData[]; readonly layout: Layout }; readonly idle: boolean; readonly testId: string }) {
  return (
    <div className="serve-plot">
      <PlotlyChart data={plot.data} layout={plot.layout} testId={testId} />
      {idle && (
        <p className="serve-plot-empty" data-testid="serve-plot-empty">
          No requests yet — try the curl below
        </p>
      )}
    </div>
  );
}

/** One running server: URL, live figures and plots, split slider, hot swap, curl example, Stop. */
export function ServerPanel({ server }: { readonly server: ServerInfo }) {
  const models = useServableModels();
  const history = useServeHistory(server.serverId);
  const [percent, setPercent] = useState(server.candidatePercent);
  const [copied, setCopied] = useState(false);
  const refs = models.map(refOf);
  const primaryRef = refOf(server.primary);

  useEffect(() => setPercent(server.candidatePercent), [server.candidatePercent]);
  useEffect(() => {
    if (percent === server.candidatePercent || !server.candidate) return undefined;
    const t = setTimeout(() => void splitServing(server.serverId, percent), splitDebounceMs);
    return () => clearTimeout(t);
  }, [percent, server.candidatePercent, server.candidate, server.serverId]);

  // The feed's counters live in serve:status, not in the stats ticks: read them again while a feed runs.
  const feeding = server.events !== undefined;
  useEffect(() => {
    if (!feeding) return undefined;
    const t = setInterval(() => void refreshServers(), feedRefreshMs);
    return () => clearInterval(t);
  }, [feeding]);
  const points = useMemo(() => history ?? [], [history]);
  const idle = !hasTraffic(points);
  // Idle, the plots are drawn once (empty axes) rather than redrawn every tick: on a busy machine a redraw each
  // second could be replaced before it finished, and the plots stayed blank.
  const shownPoints = idle ? noPoints : points;
  const rate = useMemo(() => ({ data: rateTraces(shownPoints), layout: liveLayout('requests / s', idle) }), [shownPoints, idle]);
  const lat = useMemo(() => ({ data: latencyTraces(shownPoints), layout: liveLayout('latency (ms)', idle) }), [shownPoints, idle]);
  const now = latest(history);
  const ab = history?.[history.length - 1]?.ab;
  const curl = curlExample(server.url, models.find((m) => refOf(m) === primaryRef));

  const copy = (): void => {
    void navigator.clipboard?.writeText(server.url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <section className="card serve-card" data-testid="server-panel" data-server-id={server.serverId}>
      <div className="serve-url-row">
        <span className="state-badge" data-testid="server-state">
          serving
        </span>
        <code data-testid="server-url">{server.url}</code>
        <button type="button" className="small" data-testid="copy-url" onClick={copy}>
          {copied ? 'Copied' : 'Copy URL'}
        </button>
        <span className="spacer" />
        <button type="button" className="small" data-testid="serve-stop-button" onClick={() => void stopServing(server.serverId)}>
          Stop
        </button>
      </div>
      <p className="muted" data-testid="server-versions">
        {primaryRef} {server.candidate ? `(${100 - server.candidatePercent}%) + ${refOf(server.candidate)} (${server.candidatePercent}%)` : ''}
        {server.logging ? ' · predictions logged to the project' : ' · read-only project: predictions are not logged'}
      </p>
      {server.events && (
        <p className={server.events.state === 'live' ? 'muted' : 'warn-text'} data-testid="server-events">
          Events from <code>{server.events.url}</code>: {server.events.state}
          {server.events.detail && server.events.state !== 'live' ? ` (${server.events.detail})` : ''} · {plural(server.events.messages, 'message')}
          {server.events.refused > 0 ? ` · ${server.events.refused} refused (last: ${server.events.lastRefusal ?? 'no reason given'})` : ''}
        </p>
      )}

      <div className="status-counters serve-figures" data-testid="serve-figures">
        {now.length === 0 ? (
          <span className="muted">Waiting for the first second of traffic…</span>
        ) : (
          now.map((v) => (
            <div key={refOf(v)} className="serve-figure" data-testid="serve-figure" data-version={v.version}>
              <strong>v{v.version}</strong>
              <span data-testid="serve-rate">{v.requestsPerSecond.toFixed(0)} req/s</span>
              <span>p50 {formatMs(v.p50Ms)}</span>
              <span>p99 {formatMs(v.p99Ms)}</span>
              <span data-testid="serve-total">{v.requests} requests</span>
              <span className={v.errors ? 'warn-text' : ''}>{plural(v.errors, 'error')}</span>
            </div>
          ))
        )}
      </div>

      {ab && <AbResults ab={ab} />}

      <div className="serve-plots" data-idle={idle}>
        <LivePlot plot={rate} idle={idle} testId="serve-plot-rate" />
        <LivePlot plot={lat} idle={idle} testId="serve-plot-latency" />
      </div>

      <div className="field-grid">
        <div className="field">
          <label htmlFor={`cand-${server.serverId}`}>Candidate</label>
          <select
            id={`cand-${server.serverId}`}
            data-testid="serve-split-candidate"
            value={server.candidate ? refOf(server.candidate) : ''}
            onChange={(e) => void splitServing(server.serverId, e.target.value ? Math.max(percent, 10) : 0, e.target.value || null)}
          >
            <option value="">none</option>
            {refs
              .filter((r) => r !== primaryRef)
              .map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`split-${server.serverId}`}>A/B split: {percent}% to the candidate</label>
          <input
            id={`split-${server.serverId}`}
            type="range"
            min={0}
            max={100}
            step={1}
            value={percent}
            disabled={!server.candidate}
            data-testid="serve-split"
            onChange={(e) => setPercent(Number(e.target.value))}
          />
          {!server.candidate && <span className="field-hint">Pick a candidate to split traffic.</span>}
        </div>
        <div className="field">
          <label htmlFor={`swap-${server.serverId}`}>Hot swap the primary</label>
          <select id={`swap-${server.serverId}`} data-testid="serve-swap" value={primaryRef} onChange={(e) => void swapServing(server.serverId, e.target.value)}>
            {refs.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <span className="field-hint">The new version is loaded first; no request is dropped.</span>
        </div>
      </div>

      <h3 className="serve-sub">Try it</h3>
      <pre className="sample serve-curl" data-testid="serve-curl">
        {curl}
      </pre>
    </section>
  );
}
