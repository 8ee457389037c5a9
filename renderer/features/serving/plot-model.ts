import type { Layout, ScatterData } from 'plotly.js-dist-min';
import type { InputColumn } from '../../../preload/contract/registry';
import type { ServableVersion, ServedVersion } from '../../../preload/contract/serving';
import type { StatsPoint } from './slice';

const colors = ['#4f6bed', '#d69a2d', '#2fa58a', '#8a5cd6'] as const;

/** Every version seen in the history, in order of first appearance. */
export function versionsIn(points: readonly StatsPoint[]): ServedVersion[] {
  const seen = new Map<string, ServedVersion>();
  for (const p of points) for (const v of p.versions) if (!seen.has(`${v.model}@${v.version}`)) seen.set(`${v.model}@${v.version}`, { model: v.model, version: v.version });
  return [...seen.values()];
}

/** Seconds before the newest tick (x ≤ 0), so the plot reads "the last two minutes". */
function xs(points: readonly StatsPoint[]): number[] {
  const last = points.at(-1)?.at ?? 0;
  return points.map((p) => (p.at - last) / 1000);
}

function pick(points: readonly StatsPoint[], v: ServedVersion, f: (s: StatsPoint['versions'][number]) => number | null): (number | null)[] {
  return points.map((p) => {
    const s = p.versions.find((x) => x.model === v.model && x.version === v.version);
    return s ? f(s) : null;
  });
}

/** Requests per second per version. */
export function rateTraces(points: readonly StatsPoint[]): ScatterData[] {
  const x = xs(points);
  return versionsIn(points).map((v, i) => ({
    type: 'scatter',
    mode: 'lines',
    name: `v${v.version} req/s`,
    x,
    y: pick(points, v, (s) => s.requestsPerSecond),
    line: { color: colors[i % colors.length], width: 2 },
  }));
}

/** p50 (solid) and p99 (dotted) latency per version, in ms. */
export function latencyTraces(points: readonly StatsPoint[]): ScatterData[] {
  const x = xs(points);
  return versionsIn(points).flatMap((v, i) => [
    { type: 'scatter', mode: 'lines', name: `v${v.version} p50`, x, y: pick(points, v, (s) => s.p50Ms), line: { color: colors[i % colors.length], width: 2 } },
    { type: 'scatter', mode: 'lines', name: `v${v.version} p99`, x, y: pick(points, v, (s) => s.p99Ms), line: { color: colors[i % colors.length], width: 1.5, dash: 'dot' } },
  ]);
}

/** Whether any request has been answered yet: until then the plots show their empty axes and say how to send one. */
export function hasTraffic(points: readonly StatsPoint[]): boolean {
  return points.some((p) => p.versions.some((v) => v.requests > 0));
}

/** `idle`: no request yet, so the y axis is pinned to 0..1 (Plotly would otherwise draw no scale for no data). */
export function liveLayout(yTitle: string, idle = false): Layout {
  return {
    height: 220,
    margin: { l: 52, r: 12, t: 8, b: 36 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: 'system-ui, sans-serif', size: 11, color: '#5b6170' },
    xaxis: { title: { text: 'seconds ago', standoff: 6 }, range: [-120, 0], zeroline: false, gridcolor: '#eef0f4' },
    yaxis: { title: { text: yTitle, standoff: 6 }, rangemode: 'tozero', gridcolor: '#eef0f4', automargin: true, ...(idle ? { range: [0, 1] } : {}) },
    legend: { orientation: 'v', x: 0, xanchor: 'left', y: 1, yanchor: 'top', bgcolor: 'rgba(255,255,255,0.85)', font: { size: 10.5 } },
    showlegend: true,
  } as Layout;
}

/** The latest tick's numbers per version, for the figures above the plots. */
export function latest(points: readonly StatsPoint[] | undefined): StatsPoint['versions'] {
  return points?.at(-1)?.versions ?? [];
}

function example(kind: InputColumn['kind']): number | string {
  return kind === 'numeric' ? 0 : kind === 'date' ? '2024-03-01' : 'value';
}

/**
 * A copy-paste curl call with every input column of the version: a row of its
 * training data (kept at registration, or read from its dataset for an older
 * version), so the call is answered as in training; typed stand-ins only when
 * that dataset is gone.
 */
export function curlExample(url: string, version: ServableVersion | undefined): string {
  // An image model takes the file's bytes as they are (or base64 JSON: {"image": "…"}).
  if (version?.kind === 'image') return `curl -s ${url}/predict -H 'content-type: image/png' \\\n  --data-binary @picture.png`;
  // A recommender takes a user (any id: an unknown one gets the popular items).
  if (version?.kind === 'recs') return `curl -s ${url}/recommend -H 'content-type: application/json' \\\n  -d '{"user": "someone", "k": 10}'`;
  const row = version?.example ?? Object.fromEntries((version?.inputColumns ?? []).map((c) => [c.name, example(c.kind)]));
  // A quote inside the single-quoted body would end it in the shell.
  return `curl -s ${url}/predict -H 'content-type: application/json' \\\n  -d '${JSON.stringify({ rows: [row] }).replaceAll("'", "'\\''")}'`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`;
}
