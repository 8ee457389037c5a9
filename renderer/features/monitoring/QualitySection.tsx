import type { MonitorOverview } from '../../../preload/contract/monitoring';
import { LineChart } from '../../components/LineChart';

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(2)} %`);
const short = (label: string): string => label.replace(/T00:00:00\.000Z$/, '');

/** Per drift window: missing values, values outside the training range, unseen categories and refused requests. */
export function QualitySection({ o }: { readonly o: MonitorOverview }) {
  const q = o.quality;
  const labels = q.map((w) => short(w.label));
  // Drawn in percent: the axis's ticks stay short (0.5, not 0.005) in the chart's narrow left margin.
  const p = (x: number | null): number | null => (x === null ? null : x * 100);
  const top = Math.max(1, ...q.flatMap((w) => [w.missingRate, w.outOfRange ?? 0, w.unseen ?? 0]).map((x) => x * 100));
  return (
    <section className="monitor-card" data-testid="monitor-quality">
      <h2>Data quality over time</h2>
      {q.length === 0 ? (
        <p className="muted">Nothing logged for this version yet.</p>
      ) : (
        <>
          <LineChart
            labels={labels}
            // Rates are small (a few %): scaled to the largest (at least 1 %) so a change shows, the axis saying how large.
            max={top}
            series={[
              { name: 'missing %', values: q.map((w) => p(w.missingRate)) },
              ...(q.some((w) => w.outOfRange !== null) ? [{ name: 'outside training range %', values: q.map((w) => p(w.outOfRange)) }] : []),
              ...(q.some((w) => w.unseen !== null) ? [{ name: 'unseen categories %', values: q.map((w) => p(w.unseen)) }] : []),
            ]}
            testId="quality-plot"
            label="Data quality per window"
            height={140}
          />
          <table className="monitor-table" data-testid="quality-table">
            <thead>
              <tr>
                <th>Window</th>
                <th>Rows</th>
                <th>Missing</th>
                <th>Outside range</th>
                <th>Unseen categories</th>
                <th>Rejected (4xx)</th>
              </tr>
            </thead>
            <tbody>
              {q.map((w) => (
                <tr key={w.label} data-testid="quality-row">
                  <td>{short(w.label)}</td>
                  <td className="num">{w.rows.toLocaleString('en-US')}</td>
                  <td className="num">{pct(w.missingRate)}</td>
                  <td className="num">{pct(w.outOfRange)}</td>
                  <td className="num">{pct(w.unseen)}</td>
                  <td className="num">{w.rejected ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
