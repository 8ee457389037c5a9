import type { Recipe, RecipeStep, StepOutcome } from '../../../preload/contract/recipe';
import { describeStep } from '../../../preload/contract/recipe';
import { columnsBefore, formatCell, kindLabels, moveStep, newStep, paletteKinds } from './draft';
import { StepFields } from './StepFields';
import { plural } from '../../../preload/contract';

function n(x: number): string {
  return x.toLocaleString('en-US');
}

/** What a step did in the preview: counts, computed values, notes and a few before → after examples. */
export function OutcomeLine({ outcome, stale }: { readonly outcome: StepOutcome; readonly stale: boolean }) {
  const parts = [plural(outcome.rowsChanged, 'row'), `${plural(outcome.cellsChanged, 'value')} changed`];
  if (outcome.rowsDropped) parts.push(`${plural(outcome.rowsDropped, 'row')} dropped`);
  if (outcome.rowsFlagged) parts.push(`${n(outcome.rowsFlagged)} flagged`);
  if (outcome.skipped) parts.push(`${n(outcome.skipped)} left as they were`);
  const stats = Object.entries(outcome.stats).map(([k, v]) => `${k} ${typeof v === 'number' ? formatCell(v) : v}`);
  return (
    <div className={`step-outcome${stale ? ' stale' : ''}`} data-testid="step-outcome">
      <div className="step-counts" data-testid="step-counts">
        {parts.join(' · ')}
        {stats.length > 0 && <span className="muted"> · {stats.join(', ')}</span>}
      </div>
      {outcome.notes.map((note) => (
        <div key={note} className="step-note">
          {note}
        </div>
      ))}
      {outcome.examples.length > 0 && (
        <table className="step-examples" data-testid="step-examples">
          <tbody>
            {outcome.examples.map((e, i) => (
              <tr key={i}>
                <td className="muted">row {n(e.row)}</td>
                <td className="muted">{e.column}</td>
                <td className="before">{formatCell(e.before)}</td>
                <td>→</td>
                <td className="after">{formatCell(e.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * The editable steps of a recipe with the palette to add more; `outcomes` (from a preview) are
 * shown under their steps, marked stale once the recipe was edited after the preview.
 */
export function StepList({
  recipe,
  columns,
  onChange,
  outcomes,
  stale = false,
  disabled = false,
}: {
  readonly recipe: Recipe;
  readonly columns: readonly string[];
  readonly onChange: (next: Recipe) => void;
  readonly outcomes?: readonly StepOutcome[] | null;
  readonly stale?: boolean;
  readonly disabled?: boolean;
}) {
  const set = (steps: RecipeStep[]): void => onChange({ ...recipe, steps });
  return (
    <div className="recipe-steps">
      <div className="recipe-palette" role="toolbar" aria-label="Add a step" data-testid="recipe-palette">
        {paletteKinds.map((k) => (
          <button key={k} type="button" className="small" disabled={disabled} data-testid={`add-${k}`} onClick={() => set([...recipe.steps, newStep(k, columnsBefore(recipe.steps, recipe.steps.length, columns))])}>
            + {kindLabels[k]}
          </button>
        ))}
      </div>
      {recipe.steps.length === 0 && <p className="muted">No steps yet: add one from the palette above.</p>}
      <ol className="recipe-list">
        {recipe.steps.map((step, i) => {
          const outcome = outcomes?.find((o) => o.index === i);
          return (
            <li key={i} className="recipe-step card" data-testid="recipe-step" data-kind={step.kind}>
              <div className="step-head">
                <span className="step-no">{i + 1}</span>
                <strong>{kindLabels[step.kind]}</strong>
                <span className="muted step-desc">{describeStep(step)}</span>
                <span className="step-tools">
                  <button type="button" className="small" aria-label="Move up" disabled={disabled || i === 0} onClick={() => set(moveStep(recipe.steps, i, -1))}>
                    ↑
                  </button>
                  <button type="button" className="small" aria-label="Move down" disabled={disabled || i === recipe.steps.length - 1} onClick={() => set(moveStep(recipe.steps, i, 1))}>
                    ↓
                  </button>
                  <button type="button" className="small" aria-label="Remove step" data-testid="step-remove" disabled={disabled} onClick={() => set(recipe.steps.filter((_, k) => k !== i))}>
                    ✕
                  </button>
                </span>
              </div>
              <fieldset className="step-fields" disabled={disabled}>
                <StepFields step={step} columns={columnsBefore(recipe.steps, i, columns)} onChange={(s) => set(recipe.steps.map((old, k) => (k === i ? s : old)))} />
              </fieldset>
              {outcome && <OutcomeLine outcome={outcome} stale={stale} />}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
