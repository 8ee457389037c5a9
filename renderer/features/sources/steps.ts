/** What the Schema, Rules and Recipe steps of a database or API import work on, and what they add to its spec. */
import type { Cell, ImportPreview } from '../../../preload/contract';
import type { PipelineFields } from '../../../preload/contract/sources';

/** The steps' choices for one import; a field left out means "what the import infers" (or the stored recipe). */
export type StepChoices = Pick<PipelineFields, 'schema' | 'rules' | 'recipe'>;

/**
 * The source's preview in the shape the wizard's step editors read. `name` plays the file
 * name's part: the recipe editor keys the stored recipe by it, as the worker does.
 */
export function stepsPreview(name: string, columns: readonly string[], rows: readonly (readonly Cell[])[]): ImportPreview {
  return {
    fileName: name,
    bytes: 0,
    gzip: false,
    format: 'json',
    encoding: null,
    delimiter: null,
    quote: null,
    header: true,
    sheets: [],
    sheet: null,
    recordsPaths: [],
    recordsPath: null,
    columns: [...columns],
    rows: rows.map((r) => r.map((v) => (v === null ? '' : String(v)))),
    notes: [],
    problems: [],
  };
}

/** How many choices a step holds, for its tab's badge (0: nothing set). */
export function choiceCount(choices: StepChoices, field: keyof StepChoices): number {
  if (field === 'rules') return choices.rules?.rules.length ?? 0;
  if (field === 'recipe') return choices.recipe?.steps.length ?? 0;
  const s = choices.schema;
  return s ? Object.keys(s.columns).length : 0;
}
