import { useMemo, useState } from 'react';
import type { Cell } from '../../../preload/contract';
import { type WizardSlot, wizardSlots } from '../import-wizard';
import { choiceCount, stepsPreview, type StepChoices } from './steps';

/**
 * The file import wizard's Schema, Rules and Recipe steps for a previewed table, query or API
 * page: the same editors, so a database or API import runs the same pipeline as a file.
 */
export function SourceSteps(props: {
  readonly testId: string;
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly value: StepChoices;
  readonly onChange: (next: StepChoices) => void;
}) {
  const { testId, name, columns, rows, value, onChange } = props;
  const [open, setOpen] = useState<WizardSlot['id'] | null>(null);
  const preview = useMemo(() => stepsPreview(name, columns, rows), [name, columns, rows]);
  const slot = wizardSlots.find((s) => s.id === open);
  return (
    <div className="source-steps" data-testid={testId}>
      <nav className="wizard-steps" aria-label="Before importing">
        <span className="muted">Before importing:</span>
        {wizardSlots.map((s) => {
          const n = choiceCount(value, s.field);
          return (
            <button key={s.id} type="button" className={s.id === open ? 'active' : ''} aria-expanded={s.id === open} data-testid={`${testId}-${s.id}`} onClick={() => setOpen(s.id === open ? null : s.id)}>
              {s.title}
              {n > 0 ? ` (${n})` : ''}
            </button>
          );
        })}
      </nav>
      {slot?.render && (
        <div className="wizard-slot" data-testid={`${testId}-slot-${slot.id}`}>
          {slot.render({ preview, value: value[slot.field], onChange: (v) => onChange({ ...value, [slot.field]: v } as StepChoices) })}
        </div>
      )}
    </div>
  );
}
