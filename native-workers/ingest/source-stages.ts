import type { PipelineFields } from '../../preload/contract/sources';
import type { RowStage } from './stages';

/**
 * The row stages of a database or API import, from the same optional fields
 * as a file import (schema overrides, rules, cleansing recipe, privacy). The
 * stage builders of issue #3 plug in here, in this one place, so databases and
 * APIs run the same pipeline as files. Until they land the fields are carried
 * as they are (stored in the run's spec) and no stage runs.
 */
export function buildStages(spec: PipelineFields): RowStage[] {
  const stages: RowStage[] = [];
  void spec;
  return stages;
}
