import type { Db } from '../project/open';
import type { PipelineFields } from '../../preload/contract/sources';
import type { RowStage } from './stages';
import { PrivacyStage } from './privacy/stage';
import { recipeStageFor, type RecipeStage } from './recipe/stage';
import { projectLookup } from './rules/lookup';
import { RulesStage } from './rules/stage';

export interface SourcePipeline {
  /** Cleansing, then validation, then pseudonymisation: the order of a file import. */
  readonly stages: RowStage[];
  readonly rules: RulesStage | null;
  readonly recipe: RecipeStage | null;
}

/**
 * The row stages of a database or API import, from the same optional fields as a file
 * import, so databases and APIs run the same pipeline as files. `sourceKey` names the
 * source for its stored recipe (as a file name does); `columns` is the writer's column
 * list once the import has begun.
 */
export function buildStages(db: Db, spec: PipelineFields, sourceKey: string, columns: () => readonly string[], privacyKeyBase64: string | null): SourcePipeline {
  const rules = spec.rules?.rules.length ? new RulesStage(spec.rules, projectLookup(db)) : null;
  const recipe = recipeStageFor(db, spec.recipe, sourceKey, columns);
  const privacy = spec.privacy ? new PrivacyStage(spec.privacy.actions, privacyKeyBase64 ? Buffer.from(privacyKeyBase64, 'base64') : null) : null;
  return { stages: [recipe, rules, privacy].filter((s): s is NonNullable<typeof s> => s !== null), rules, recipe };
}
