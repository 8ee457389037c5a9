import type { AbStats } from '../../../preload/contract/serving';
import { abRows, verdictText } from './ab-model';

/** A recommender server's A/B test, live: click-through and conversion per version with 95 % intervals, and the tests. */
export function AbResults({ ab }: { readonly ab: AbStats }) {
  const rows = abRows(ab);
  return (
    <div className="serve-ab" data-testid="serve-ab">
      <h3 className="serve-sub">A/B results</h3>
      <table className="serve-ab-table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Lists served</th>
            <th>Clicked</th>
            <th>Click-through (95 % CI)</th>
            <th>Converted</th>
            <th>Conversion (95 % CI)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-testid="serve-ab-arm">
              <td>{r.label}</td>
              <td>{r.shown}</td>
              <td>{r.clicked}</td>
              <td data-testid="serve-ab-ctr">{r.ctr}</td>
              <td>{r.converted}</td>
              <td data-testid="serve-ab-conversion">{r.conversion}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="muted" data-testid="serve-ab-verdict">
        <p>{verdictText(ab.test, 'click-through', ab.arms)}</p>
        {ab.arms.length > 1 && <p>{verdictText(ab.conversionTest, 'conversion', ab.arms)}</p>}
      </div>
      <p className="field-hint">Report what a list led to: POST /feedback {'{"id": "<the answer\'s id>", "event": "click" | "conversion"}'}.</p>
    </div>
  );
}
