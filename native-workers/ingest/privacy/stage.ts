import { AssayError } from '../../../preload/contract/errors';
import type { PrivacyColumnAction } from '../../../preload/contract/governance';
import type { Cell, ColumnType } from '../../../preload/contract/types';
import type { RowIssue, RowStage } from '../stages';
import { mask, pseudonymise } from './transform';

/**
 * Pseudonymises / masks columns as rows are imported (the last stage, after cleansing and
 * validation), so the raw values are never written to the project. Columns are found by name
 * once the import knows them (`bind`).
 */
export class PrivacyStage implements RowStage {
  readonly name = 'privacy';
  private plan: { index: number; action: PrivacyColumnAction }[] = [];
  private pseudonymised = 0;
  private masked = 0;

  constructor(
    private readonly actions: readonly PrivacyColumnAction[],
    private readonly key: Buffer | null,
  ) {
    const drop = actions.find((a) => a.action === 'drop');
    if (drop) throw new AssayError('BAD_INPUT', `Column "${drop.column}" cannot be dropped while importing; leave it out in the schema step, or drop it afterwards in Privacy.`);
    if (actions.some((a) => a.action === 'pseudonymise') && !key) throw new AssayError('BAD_INPUT', 'Pseudonymisation needs a key; none was given.');
  }

  /** Pseudonyms and masks are text, whatever the column held before. */
  declaredType(column: string): ColumnType | undefined {
    return this.actions.some((a) => a.column === column) ? 'text' : undefined;
  }

  /** Resolves the columns. */
  bind(columns: readonly string[]): void {
    this.plan = this.actions.map((action) => {
      const index = columns.indexOf(action.column);
      if (index < 0) throw new AssayError('BAD_INPUT', `The file has no column "${action.column}" to ${action.action}; its columns are ${columns.join(', ')}.`);
      return { index, action };
    });
  }

  process(row: Cell[]): readonly RowIssue[] {
    for (const { index, action } of this.plan) {
      const v = row[index];
      if (v === null) continue;
      if (action.action === 'pseudonymise' && this.key) {
        row[index] = pseudonymise(this.key, v);
        this.pseudonymised++;
      } else if (action.action === 'mask') {
        row[index] = mask(v, action.keepLast ?? 4);
        this.masked++;
      }
    }
    return [];
  }

  summary(): Readonly<Record<string, number>> {
    return { cellsPseudonymised: this.pseudonymised, cellsMasked: this.masked };
  }
}
