import type { InvokeChannel } from '../../../preload/contract/channels';
import { AssayError } from '../../../preload/contract/errors';
import type { Handlers } from '../dispatch';

export type SensorChannel = Extract<InvokeChannel, `sensors:${string}` | `stream:${string}` | `recording:${string}`>;

const notYet = (): never => {
  throw new AssayError('UNSUPPORTED', 'Live sensors are not implemented yet.');
};

/** Live sensors and streams (placeholder until the stream engine lands). */
export class SensorsService {
  handlers(): Pick<Handlers, SensorChannel> {
    return {
      'sensors:ports': notYet,
      'stream:detect': notYet,
      'stream:start': notYet,
      'stream:stop': notYet,
      'stream:list': () => [],
      'stream:pipeline': notYet,
      'stream:history': notYet,
      'recording:start': notYet,
      'recording:stop': notYet,
      'recording:list': () => [],
      'recording:export': notYet,
    };
  }

  async close(): Promise<void> {}
}
