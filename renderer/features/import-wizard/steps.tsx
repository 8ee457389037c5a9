import type { ReactNode } from 'react';
import { emptyRecipe, emptyRuleSet, emptySchemaOverrides, type ImportPreview, type Recipe, type RuleSet, type SchemaOverrides } from '../../../preload/contract';
import { RecipeEditor } from '../recipe';
import { RulesEditor } from '../rules';
import { SchemaEditor } from '../schema';

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
  /** Null for a step that is not offered (the wizard skips it). */
  readonly render: ((props: SlotProps) => ReactNode) | null;
}

export const wizardSlots: readonly WizardSlot[] = [
  { id: 'schema', title: 'Schema', field: 'schema', render: (p) => <SchemaEditor preview={p.preview} value={(p.value as SchemaOverrides | undefined) ?? emptySchemaOverrides} onChange={p.onChange} /> },
  { id: 'rules', title: 'Rules', field: 'rules', render: (p) => <RulesEditor preview={p.preview} value={(p.value as RuleSet | undefined) ?? emptyRuleSet} onChange={p.onChange} /> },
  { id: 'recipe', title: 'Recipe', field: 'recipe', render: (p) => <RecipeEditor preview={p.preview} value={(p.value as Recipe | undefined) ?? emptyRecipe} onChange={p.onChange} /> },
];
