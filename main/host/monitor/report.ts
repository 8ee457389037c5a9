/**
 * The monitoring report: one self-contained HTML file (the Monitoring page's
 * content) that opens anywhere, offline. Plots are SVG drawn here rather than
 * plotly.js inlined: a few kilobytes instead of 4.8 MB, and no script at all,
 * which the page's CSP then forbids outright (no network, nothing run).
 */
import { driftSeverity, formatStatistic as num, severityColor, verdictText, type MonitorColumn, type MonitorOverview } from '../../../preload/contract/monitoring';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const verdict = (d: boolean | null): string => verdictText(d).replace('drift', 'DRIFT');

const CELL_W = 26;
const CELL_H = 18;
const LABEL_W = 190;

/** Columns × windows, each cell coloured by how close its statistic is to the threshold (the page's heat map). */
function heatMap(o: MonitorOverview): string {
  const rows: MonitorColumn[] = [...o.columns, ...(o.prediction ? [o.prediction] : [])];
  if (!o.windows.length) return '<p class="muted">No windows: nothing was logged yet.</p>';
  const w = LABEL_W + o.windows.length * CELL_W + 10;
  const h = rows.length * CELL_H + 70;
  const cells = rows.flatMap((c, i) =>
    c.byWindow.map((cell, j) => {
      const title = `${c.name} · ${o.windows[j]!.label}: ${c.method} ${num(cell.statistic)}${cell.pValue !== undefined ? ` (p ${num(cell.pValue)})` : ''}, ${verdict(cell.drift)}`;
      return `<rect x="${LABEL_W + j * CELL_W}" y="${i * CELL_H}" width="${CELL_W - 2}" height="${CELL_H - 2}" fill="${severityColor(driftSeverity(c, cell))}" data-column="${esc(c.name)}" data-window="${j}" data-drift="${String(cell.drift)}"><title>${esc(title)}</title></rect>`;
    }),
  );
  const labels = rows.map((c, i) => `<text x="${LABEL_W - 6}" y="${i * CELL_H + 13}" text-anchor="end">${esc(c.name)}</text>`);
  const ticks = o.windows.map((win, j) => `<text transform="translate(${LABEL_W + j * CELL_W + 14},${rows.length * CELL_H + 6}) rotate(60)">${esc(win.label.slice(0, 10))}</text>`);
  return `<svg class="heat" role="img" aria-label="Drift per column and window" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${labels.join('')}${cells.join('')}${ticks.join('')}</svg>`;
}

/** One line per series over the windows (realized metrics, estimated accuracy), y from 0 to 1. */
function lineChart(series: readonly { name: string; points: readonly (number | null)[] }[], labels: readonly string[]): string {
  const W = 560;
  const H = 180;
  const pad = 30;
  const x = (i: number): number => pad + (labels.length > 1 ? (i * (W - 2 * pad)) / (labels.length - 1) : (W - 2 * pad) / 2);
  const y = (v: number): number => H - pad - Math.max(0, Math.min(1, v)) * (H - 2 * pad);
  const colors = ['#2166ac', '#b2182b', '#1a9850', '#762a83', '#e08214'];
  const paths = series.map((s, k) => {
    const pts = s.points.flatMap((v, i) => (v === null ? [] : [`${x(i).toFixed(1)},${y(v).toFixed(1)}`]));
    return `<polyline fill="none" stroke="${colors[k % colors.length]}" stroke-width="2" points="${pts.join(' ')}" data-series="${esc(s.name)}"/>` +
      s.points.map((v, i) => (v === null ? '' : `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${colors[k % colors.length]}"><title>${esc(`${s.name} ${labels[i] ?? ''}: ${num(v)}`)}</title></circle>`)).join('');
  });
  const legend = series.map((s, k) => `<text x="${pad + k * 120}" y="14" fill="${colors[k % colors.length]}">${esc(s.name)}</text>`);
  const axis = [0, 0.5, 1].map((v) => `<text x="2" y="${y(v) + 4}">${v}</text><line x1="${pad}" x2="${W - pad}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
  return `<svg class="lines" role="img" aria-label="Performance over time" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${axis.join('')}${paths.join('')}${legend.join('')}</svg>`;
}

function performance(o: MonitorOverview): string {
  const realized = o.realized.length
    ? lineChart(['accuracy', 'f1', 'roc_auc', 'r2'].filter((m) => o.realized.some((r) => r.metrics[m] !== undefined)).map((m) => ({ name: m, points: o.realized.map((r) => r.metrics[m] ?? null) })), o.realized.map((r) => r.start))
    : '<p class="muted">No labelled predictions yet: send labels with POST /feedback or assay feedback.</p>';
  const estimated = o.windows.some((w) => w.estimatedAccuracy !== undefined)
    ? `<h3>Estimated accuracy (CBPE, no labels needed)</h3>${lineChart([{ name: 'estimated accuracy', points: o.windows.map((w) => w.estimatedAccuracy ?? null) }], o.windows.map((w) => w.label))}`
    : '';
  return `<h3>Realized performance</h3>${realized}${estimated}`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[], cls: string): string {
  return `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}h1{font-size:20px}h2{font-size:16px;margin-top:28px}h3{font-size:14px}
table{border-collapse:collapse;margin:8px 0}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}.muted{color:#777}
.status{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff}.healthy{background:#1a9850}.warning{background:#e08214}.drifting{background:#b2182b}.no-data{background:#888}
svg text{font-size:11px}`;

export function reportHtml(o: MonitorOverview): string {
  const columns = table(
    ['column', 'method', 'statistic', 'p-value', 'threshold', 'verdict'],
    [...o.columns, ...(o.prediction ? [o.prediction] : [])].map((c) => [c.name, c.method, num(c.statistic), c.pValue === undefined ? '' : num(c.pValue), `${c.compares === 'p-value' ? 'p <' : '≥'} ${c.threshold}`, c.reason ?? verdict(c.drift)]),
    'columns',
  );
  const rules = o.rules.length
    ? table(['#', 'rule', 'window', 'min rows', 'cooldown', 'webhook'], o.rules.map((r) => [String(r.id), `${r.metric} ${r.op} ${r.threshold}`, r.window, String(r.minRows), `${r.cooldownMs / 60_000} min`, r.webhook ?? '']), 'rules')
    : '<p class="muted">No alert rules.</p>';
  const history = o.history.length
    ? table(['fired', 'rule', 'value', 'rows', 'webhook'], o.history.map((h) => [h.firedAt, `#${h.ruleId} ${h.metric} (threshold ${h.threshold})`, num(h.value), String(h.rows), h.delivered === null ? '' : h.delivered ? 'delivered' : 'failed']), 'history')
    : '<p class="muted">No alert has fired.</p>';
  const title = `${o.model} v${o.version} — monitoring report`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(title)}</h1>
<p><span class="status ${o.status.replace(' ', '-')}" id="status">${esc(o.status)}</span> ${esc(o.summary)}</p>
<p class="muted">${o.rows.toLocaleString('en-US')} rows from the ${esc(o.source)} against a ${o.referenceRows.toLocaleString('en-US')}-row reference, windows of ${esc(o.window)}; made ${esc(o.builtAt)}.</p>
<h2>Drift per column over windows</h2>
${heatMap(o)}
<p class="muted">Green: far from the threshold; amber: near it; red: past it (drift); grey: no verdict (too few rows, or a column missing).</p>
${columns}
<h2>Performance</h2>
${performance(o)}
<h2>Alerts</h2>
${rules}
${history}
</body></html>
`;
}
