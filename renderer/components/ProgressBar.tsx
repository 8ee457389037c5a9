import './ProgressBar.css';
/** A determinate bar (value 0..1) or, while nothing is known, an indeterminate one. */
export function ProgressBar({ value, indeterminate = false }: { readonly value: number; readonly indeterminate?: boolean }) {
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress${indeterminate ? ' indeterminate' : ''}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      data-testid="progress-bar"
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
