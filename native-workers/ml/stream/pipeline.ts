import type { FieldSpec, PipelineSpec } from '../../../preload/contract/sensors';
import type { Value } from './protocols';

export interface PipelineFlag {
  readonly field: string;
  readonly reason: string;
}

export interface PipelineOutput {
  /** Transformed fields, derived fields and analytic outputs (e.g. "temp.mean", "temp.ewma"). */
  readonly values: Readonly<Record<string, number | null>>;
  /** Validation failures and analytic anomalies of this reading. */
  readonly flags: readonly PipelineFlag[];
  /** True when a validation rule failed. */
  readonly invalid: boolean;
}

const todo = (): never => {
  throw new Error('stream-core: not implemented yet');
};

/** parse → validate → transform → analytics, one reading at a time, state kept between readings. */
export class Pipeline {
  constructor(_spec: PipelineSpec, _fields: readonly FieldSpec[]) {}
  /** Names of every output value, in a stable order. */
  outputFields(): string[] {
    return todo();
  }
  process(_tMs: number, _raw: Readonly<Record<string, Value>>): PipelineOutput {
    return todo();
  }
}
