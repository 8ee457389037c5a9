import { AssayError } from '../../preload/contract/errors';
import type { RecordSummary } from '../../preload/contract/sensors';
import type { StreamJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';

/** Placeholder until the stream engine lands. */
export async function runStream(_spec: StreamJobSpec, _ctx: JobContext): Promise<RecordSummary> {
  throw new AssayError('UNSUPPORTED', 'Streams are not implemented yet.');
}
