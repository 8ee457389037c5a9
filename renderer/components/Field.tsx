import { useId, type ReactNode } from 'react';
import './Field.css';

/** A labelled control in a form grid (`.field-grid`): the label is tied to the control by id. */
export function Field({
  label,
  children,
  wide = false,
  double = false,
  hint,
}: {
  readonly label: string;
  readonly children: (id: string) => ReactNode;
  /** A whole row of the grid. */
  readonly wide?: boolean;
  /** Two columns of the grid. */
  readonly double?: boolean;
  readonly hint?: string;
}) {
  const id = useId();
  return (
    <div className={`field${wide ? ' wide' : ''}${double ? ' double' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <span className="field-hint">{hint}</span>}
    </div>
  );
}
