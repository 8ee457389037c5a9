import { driftSeverity, type MonitorDistribution, type MonitorOverview } from '../../../preload/contract/monitoring';
import { OverlayBars } from '../../components/OverlayBars';

/** The column drawn when none was picked: the most drifted one (highest severity), else the first. */
export function mostDrifted(o: MonitorOverview): string | null {
  let best: { name: string; s: number } | null = null;
  for (const c of o.columns) {
    const s = driftSeverity(c, c) ?? -1;
    if (best === null || s > best.s) best = { name: c.name, s };
  }
  return best?.name ?? null;
}

function Overlay({ d, testId }: { readonly d: MonitorDistribution; readonly testId: string }) {
  const current = d.window === 'all rows' ? 'current, all rows' : `current ${d.window.replace(/T00:00:00\.000Z$/, '')}`;
  return (
    <div className="monitor-overlay" data-testid={testId} data-column={d.name}>
      <OverlayBars
        bins={d.bins}
        series={[
          { name: 'reference', values: d.reference },
          { name: current, values: d.current },
        ]}
        label={`${d.name}: reference vs current distribution`}
      />
      {d.currentMissing ? <p className="muted">{d.currentMissing.toLocaleString('en-US')} missing in the current window (not in the bars).</p> : null}
    </div>
  );
}

/** Reference vs current distribution of the chosen column and of the prediction, side by side. */
export function DistributionSection({ o, column, onColumn }: { readonly o: MonitorOverview; readonly column: string | null; readonly onColumn: (name: string) => void }) {
  const d = o.distributions.find((x) => x.name === column) ?? o.distributions[0];
  return (
    <section className="monitor-card" data-testid="monitor-distribution">
      <h2>Reference vs current distribution</h2>
      {!d && !o.predictionDistribution ? (
        <p className="muted">Nothing logged for this version yet: the current data's distribution is drawn here once it is.</p>
      ) : (
        <>
          <label>
            Column{' '}
            <select data-testid="distribution-column" value={d?.name ?? ''} onChange={(e) => onColumn(e.target.value)}>
              {o.distributions.map((x) => (
                <option key={x.name} value={x.name}>
                  {x.name}
                </option>
              ))}
            </select>
            <span className="muted"> (or click a row of the drift table)</span>
          </label>
          <div className="monitor-overlays">
            {d ? <Overlay d={d} testId="distribution-column-plot" /> : null}
            {o.predictionDistribution ? <Overlay d={o.predictionDistribution} testId="distribution-prediction-plot" /> : null}
          </div>
        </>
      )}
    </section>
  );
}
