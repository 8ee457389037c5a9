import './OverlayBars.css';

export interface BarSeries {
  readonly name: string;
  /** One count per bin. */
  readonly values: readonly number[];
}

const COLORS = ['#8a93a8', '#d9822b'] as const;

/**
 * Two (or more) count series over shared bins drawn as overlaid bars, each as
 * shares of its own total: a 100,000-row reference and a 1,000-row window are
 * then compared by shape, not size. A bar's tooltip gives its count and share.
 */
export function OverlayBars({ bins, series, testId, label, height = 170 }: { readonly bins: readonly string[]; readonly series: readonly BarSeries[]; readonly testId?: string; readonly label: string; readonly height?: number }) {
  const W = 600;
  const pad = { l: 34, r: 10, t: 10, b: 30 };
  const totals = series.map((s) => s.values.reduce((a, b) => a + b, 0));
  const shares = series.map((s, k) => s.values.map((v) => (totals[k]! > 0 ? v / totals[k]! : 0)));
  const top = Math.max(0.01, ...shares.flat());
  const slot = (W - pad.l - pad.r) / Math.max(1, bins.length);
  const y = (v: number): number => height - pad.b - (v / top) * (height - pad.t - pad.b);
  // Every label when they fit, else every n-th so they do not overprint.
  const every = Math.max(1, Math.ceil(bins.length / Math.floor((W - pad.l - pad.r) / 70)));
  return (
    <figure className="overlay-bars" data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label} preserveAspectRatio="none" style={{ height }}>
        {[0, top / 2, top].map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} className="grid" />
            <text x={pad.l - 6} y={y(v) + 4} textAnchor="end">
              {`${Math.round(v * 100)}%`}
            </text>
          </g>
        ))}
        {series.map((s, k) => (
          <g key={s.name} data-series={s.name}>
            {s.values.map((v, i) => {
              const share = shares[k]![i]!;
              // The first series fills its slot; the next are narrower and on top, so both stay visible.
              const width = slot * (k === 0 ? 0.86 : 0.5);
              return (
                <rect key={i} data-testid="overlay-bar" data-count={v} x={pad.l + i * slot + (slot - width) / 2} y={y(share)} width={width} height={Math.max(0, height - pad.b - y(share))} fill={COLORS[k % COLORS.length]} opacity={k === 0 ? 0.75 : 0.9}>
                  <title>{`${s.name} · ${bins[i] ?? ''}: ${v.toLocaleString('en-US')} (${(share * 100).toFixed(1)}%)`}</title>
                </rect>
              );
            })}
          </g>
        ))}
        {bins.map((b, i) =>
          i % every === 0 ? (
            <text key={i} x={pad.l + (i + 0.5) * slot} y={height - 12} textAnchor="middle">
              {b.length > 12 ? `${b.slice(0, 11)}…` : b}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="overlay-bars-legend">
        {series.map((s, k) => (
          <span key={s.name}>
            <span className="swatch" style={{ background: COLORS[k % COLORS.length] }} /> {s.name} ({totals[k]!.toLocaleString('en-US')})
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
