/**
 * Phase 2 (fine-tuning the backbone's top blocks) is built on another branch
 * (ml/images/finetune.ts, wasm-grad-kernels.ts, augment.ts). Until it is
 * merged, a run that asks for it trains phase 1 and says why phase 2 is missing.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { BackboneInfo, PhaseResult, ResolvedImageTrainSpec } from '../../../preload/contract/images';
import type { Backbone, Tf } from '../../ml/images/backbone';
import type { JobContext } from '../../runtime/context';
import type { Database } from '../../runtime/sqlite';
import type { TrainImage } from './store';

export interface Phase2Input {
  readonly backbone: Backbone;
  readonly head: tfjs.Sequential;
  readonly images: readonly TrainImage[];
  readonly trainRows: readonly number[];
  readonly valRows: readonly number[];
  readonly testRows: readonly number[];
  readonly classes: readonly string[];
  readonly spec: ResolvedImageTrainSpec;
  readonly ctx: JobContext;
  readonly db: Database.Database;
  readonly runId: number;
  readonly info: BackboneInfo;
}

export type Phase2Outcome = { readonly kind: 'unavailable'; readonly reason: string } | { readonly kind: 'done'; readonly result: PhaseResult };

export async function runPhase2(_tf: Tf, input: Phase2Input): Promise<Phase2Outcome> {
  return {
    kind: 'unavailable',
    reason: `Fine-tuning (phase 2, ${input.spec.fineTuneBlocks} blocks) is not available in this build yet; phase 1 was trained and evaluated.`,
  };
}
