import './LineChart.css';

export interface LineSeries {
  readonly name: string;
  /** One value per x label; null leaves a gap. */
  readonly values: readonly (number | null)[];
  readonly dashed?: boolean;
}

const COLORS = ['#3d57d1', '#d9822b', '#2fa58a', '#8a5cd6', '#b2182b'] as const;

/** A tick's text: short, so it fits the left margin whatever the scale. */
function tickText(v: number): string {
  return Math.abs(v) >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Number(v.toPrecision(3)));
}

/**
 * A few series over shared x labels on a 0–1 scale (metrics over time), or
 * 0–`max` for counts and milliseconds, drawn as SVG in the page: light enough
 * for a card, and a point's value in its tooltip.
 */
export function LineChart({
  labels,
  series,
  testId,
  label,
  height = 180,
  max = 1,
}: {
  readonly labels: readonly string[];
  readonly series: readonly LineSeries[];
  readonly testId?: string;
  readonly label: string;
  readonly height?: number;
  /** The top of the y axis (values above it are drawn at it). */
  readonly max?: number;
}) {
  const top = max > 0 ? max : 1;
  const W = 600;
  const pad = { l: 34, r: 10, t: 10, b: 26 };
  const x = (i: number): number => pad.l + (labels.length > 1 ? (i * (W - pad.l - pad.r)) / (labels.length - 1) : (W - pad.l - pad.r) / 2);
  const y = (v: number): number => height - pad.b - Math.max(0, Math.min(1, v / top)) * (height - pad.t - pad.b);
  return (
    <figure className="line-chart" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label} preserveAspectRatio="none" style={{ height }}>
        {[0, top / 2, top].map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} className="grid" />
            <text x={pad.l - 6} y={y(v) + 4} textAnchor="end">
              {tickText(v)}
            </text>
          </g>
        ))}
        {[0, labels.length - 1].filter((i, k, all) => i >= 0 && all.indexOf(i) === k).map((i) => (
          <text key={i} x={x(i)} y={height - 8} textAnchor={i === 0 && labels.length > 1 ? 'start' : 'end'}>
            {labels[i]}
          </text>
        ))}
        {series.map((s, k) => {
          const color = COLORS[k % COLORS.length];
          const points = s.values.flatMap((v, i) => (v === null ? [] : [`${x(i).toFixed(1)},${y(v).toFixed(1)}`]));
          return (
            <g key={s.name} data-series={s.name}>
              <polyline points={points.join(' ')} fill="none" stroke={color} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} vectorEffect="non-scaling-stroke" />
              {s.values.map((v, i) =>
                v === null ? null : (
                  <circle key={i} cx={x(i)} cy={y(v)} r={3} fill={color}>
                    <title>{`${s.name} · ${labels[i] ?? ''}: ${top === 1 ? v.toFixed(4) : tickText(v)}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="line-chart-legend">
        {series.map((s, k) => (
          <span key={s.name}>
            <span className="swatch" style={{ background: COLORS[k % COLORS.length] }} /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
