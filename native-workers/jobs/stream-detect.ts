import { AssayError } from '../../preload/contract/errors';
import type { DetectResult } from '../../preload/contract/sensors';
import type { DetectJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';

/** Placeholder until the stream engine lands. */
export async function runStreamDetect(_spec: DetectJobSpec, _ctx: JobContext): Promise<DetectResult> {
  throw new AssayError('UNSUPPORTED', 'Stream detection is not implemented yet.');
}
