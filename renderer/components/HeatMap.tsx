import './HeatMap.css';

export interface HeatCell {
  /** A CSS colour. */
  readonly color: string;
  /** The tooltip: what the cell stands for, in words. */
  readonly title: string;
  /** Extra data-* attributes for tests and styling (e.g. { drift: 'true' }). */
  readonly data?: Readonly<Record<string, string>>;
}

/**
 * Rows × columns of coloured cells with their labels: a grid a person reads
 * at a glance (which row turned red, and since when) rather than a table of numbers.
 */
export function HeatMap({
  rows,
  columns,
  cells,
  testId,
  label,
}: {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** cells[row][column]. */
  readonly cells: readonly (readonly HeatCell[])[];
  readonly testId?: string;
  readonly label: string;
}) {
  return (
    <div className="heat-map" data-testid={testId} role="table" aria-label={label} style={{ gridTemplateColumns: `minmax(120px, max-content) repeat(${columns.length}, minmax(18px, 28px))` }}>
      <span role="columnheader" />
      {columns.map((c) => (
        <span key={c} role="columnheader" className="heat-map-col" title={c}>
          {c}
        </span>
      ))}
      {rows.map((r, i) => (
        <div key={r} role="row" className="heat-map-row">
          <span role="rowheader" className="heat-map-label" title={r}>
            {r}
          </span>
          {cells[i]!.map((cell, j) => (
            <span
              key={columns[j]}
              role="cell"
              className="heat-map-cell"
              style={{ background: cell.color }}
              title={cell.title}
              data-testid="heat-cell"
              data-row={r}
              data-column={j}
              {...Object.fromEntries(Object.entries(cell.data ?? {}).map(([k, v]) => [`data-${k}`, v]))}
            />
          ))}
        </div>
      ))}
    </div>
  );
}
