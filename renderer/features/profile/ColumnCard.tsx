import { useMemo } from 'react';
import type { Layout, PlotData } from 'plotly.js-dist-min';
import type { ColumnProfile } from '../../../preload/contract';
import { PlotlyChart } from '../../components/PlotlyChart';

const accent = '#4f6bed';

function fmt(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  const abs = Math.abs(n);
  return abs >= 1000 ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : n.toPrecision(4).replace(/\.?0+$/, '');
}

const baseLayout: Layout = {
  height: 180,
  margin: { l: 44, r: 12, t: 8, b: 32 },
  bargap: 0.05,
  showlegend: false,
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
  font: { family: 'system-ui, sans-serif', size: 11, color: '#5b6170' },
  xaxis: { gridcolor: '#eef0f4', zeroline: false, automargin: true },
  yaxis: { gridcolor: '#eef0f4', zeroline: false, automargin: true },
};

function chartFor(col: ColumnProfile): { data: PlotData[]; layout: Layout } | null {
  const numeric = col.type === 'integer' || col.type === 'number';
  if (numeric && col.histogram.length > 0) {
    return {
      data: [
        {
          type: 'bar',
          x: col.histogram.map((b) => (b.x0 + b.x1) / 2),
          y: col.histogram.map((b) => b.count),
          width: col.histogram.map((b) => b.x1 - b.x0),
          marker: { color: accent, line: { color: '#ffffff', width: 1 } },
          hovertemplate: '%{x}: %{y}<extra></extra>',
        },
      ],
      layout: baseLayout,
    };
  }
  if (col.topValues.length > 0) {
    const top = [...col.topValues].slice(0, 10).reverse();
    return {
      data: [
        {
          type: 'bar',
          orientation: 'h',
          x: top.map((t) => t.count),
          y: top.map((t) => (t.value.length > 18 ? `${t.value.slice(0, 17)}…` : t.value)),
          marker: { color: '#2fa58a' },
          hovertemplate: '%{y}: %{x}<extra></extra>',
        },
      ],
      layout: { ...baseLayout, height: Math.max(120, 26 * top.length + 40), yaxis: { ...baseLayout.yaxis, type: 'category' } },
    };
  }
  return null;
}

export function ColumnCard({ column }: { readonly column: ColumnProfile }) {
  const chart = useMemo(() => chartFor(column), [column]);
  const missingPct = column.count + column.missing > 0 ? (100 * column.missing) / (column.count + column.missing) : 0;
  const numeric = column.type === 'integer' || column.type === 'number';
  const stats: [string, string][] = [
    ['count', fmt(column.count)],
    ['missing', column.missing > 0 ? `${fmt(column.missing)} (${missingPct.toFixed(1)}%)` : '0'],
    ['distinct', fmt(column.distinct)],
    // Text columns have no order or moments worth showing as dashes.
    ...(numeric || column.min !== null
      ? ([
          ['min', fmt(column.min)],
          ['max', fmt(column.max)],
          ['mean', fmt(column.mean)],
          ['std', fmt(column.std)],
        ] as [string, string][])
      : []),
  ];
  return (
    <article className="column-card" data-testid="column-card">
      <header>
        <h3 title={column.name}>{column.name}</h3>
        <span className={`col-type type-${column.type}`}>{column.type}</span>
      </header>
      <dl className="stats">
        {stats.map(([k, v]) => (
          <div key={k} className={k === 'missing' && column.missing > 0 ? 'warn' : undefined}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {chart ? <PlotlyChart data={chart.data} layout={chart.layout} testId="profile-chart" /> : <div className="chart-empty">No values to chart</div>}
    </article>
  );
}
