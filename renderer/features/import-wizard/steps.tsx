import type { ReactNode } from 'react';
import { emptySchemaOverrides, type ImportPreview, type SchemaOverrides } from '../../../preload/contract';
import { SchemaEditor } from '../schema/SchemaEditor';

/** What a later wizard step gets: the preview and its own part of the ImportSpec. */
export interface SlotProps {
  readonly preview: ImportPreview;
  readonly value: unknown;
  onChange(next: unknown): void;
}

export interface WizardSlot {
  readonly id: 'schema' | 'rules' | 'recipe';
  readonly title: string;
  /** The ImportSpec field the step fills. */
  readonly field: 'schema' | 'rules' | 'recipe';
  /**
   * Null until the step exists. Wiring one is a one-line change here, e.g.
   * `render: (p) => <SchemaEditor preview={p.preview} value={p.value as SchemaOverrides | undefined ?? {}} onChange={p.onChange} />`
   */
  readonly render: ((props: SlotProps) => ReactNode) | null;
}

export const wizardSlots: readonly WizardSlot[] = [
  { id: 'schema', title: 'Schema', field: 'schema', render: (p) => <SchemaEditor preview={p.preview} value={(p.value as SchemaOverrides | undefined) ?? emptySchemaOverrides} onChange={p.onChange} /> },
  { id: 'rules', title: 'Rules', field: 'rules', render: null },
  { id: 'recipe', title: 'Recipe', field: 'recipe', render: null },
];
