import type { MonitorOverview } from '../../../preload/contract/monitoring';
import { LineChart } from '../../components/LineChart';

const short = (iso: string): string => iso.replace(/T00:00:00\.000Z$/, '').replace(/:00\.000Z$/, 'Z');
const ms = (x: number | null): string => (x === null ? '—' : `${x.toFixed(1)} ms`);

/** The shown version's serving windows: traffic and failures on one chart, latency on another (different units). */
export function OperationsSection({ o }: { readonly o: MonitorOverview }) {
  const ops = o.operations;
  const labels = ops.map((w) => short(w.start));
  return (
    <section className="monitor-card" data-testid="monitor-operations">
      <h2>Operations over time (v{o.version})</h2>
      {ops.length === 0 ? (
        <p className="muted">No request served by this version yet.</p>
      ) : (
        <>
          <div className="monitor-overlays">
            <LineChart
              labels={labels}
              max={Math.max(1, ...ops.map((w) => w.requests))}
              series={[
                { name: 'requests', values: ops.map((w) => w.requests) },
                { name: 'errors (5xx)', values: ops.map((w) => w.errors) },
                { name: 'rejected (4xx)', values: ops.map((w) => w.rejected) },
              ]}
              testId="operations-requests-plot"
              label="Requests per window"
              height={140}
            />
            <LineChart
              labels={labels}
              max={Math.max(1, ...ops.map((w) => w.p99Ms ?? 0))}
              series={[
                { name: 'p50 ms', values: ops.map((w) => w.p50Ms) },
                { name: 'p99 ms', values: ops.map((w) => w.p99Ms), dashed: true },
              ]}
              testId="operations-latency-plot"
              label="Latency per window"
              height={140}
            />
          </div>
          <table className="monitor-table" data-testid="operations-table">
            <thead>
              <tr>
                <th>Window</th>
                <th>Requests</th>
                <th>Rows</th>
                <th>p50</th>
                <th>p99</th>
                <th>Errors</th>
                <th>Rejected</th>
              </tr>
            </thead>
            <tbody>
              {ops.map((w) => (
                <tr key={w.start} data-testid="operations-row">
                  <td>{short(w.start)}</td>
                  <td className="num">{w.requests.toLocaleString('en-US')}</td>
                  <td className="num">{w.rows.toLocaleString('en-US')}</td>
                  <td className="num">{ms(w.p50Ms)}</td>
                  <td className="num">{ms(w.p99Ms)}</td>
                  <td className="num">{w.errors}</td>
                  <td className="num">{w.rejected}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
