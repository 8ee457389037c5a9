import { ownAxis, seriesColors, type PlotGroup } from './plot-model';

/** A field's plot title and, with more than one series, its legend: the live and the stored view draw the same. */
export function PlotCardHeader({ group }: { readonly group: PlotGroup }) {
  return (
    <header>
      <h3>{group.field}</h3>
      {group.series.length > 1 && (
        <ul className="legend">
          {group.series.map((s, i) => (
            <li key={s}>
              <span className={`swatch${i === 0 ? '' : ' dotted'}`} style={{ borderColor: seriesColors[i % seriesColors.length] }} />
              {s === group.field ? 'value' : s.slice(group.field.length + 1) || s}
              {ownAxis(group.field, s) && <span className="muted"> (right axis)</span>}
            </li>
          ))}
        </ul>
      )}
    </header>
  );
}
