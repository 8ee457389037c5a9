import type { Cell } from '../../../preload/contract';

/** A small read-only grid for previews (≤ 50 rows): column names with their types, then the rows. */
export function PreviewGrid({ columns, rows, testId }: { readonly columns: readonly { name: string; type?: string; note?: string }[]; readonly rows: readonly (readonly Cell[])[]; readonly testId: string }) {
  return (
    <div className="source-preview" data-testid={testId}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.name} title={c.note ?? ''}>
                {c.name}
                {c.type && <span className={`col-type type-${c.type}`}>{c.type}</span>}
                {c.note && <span className="source-note"> *</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (
                <td key={j}>{v === null ? '' : String(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
