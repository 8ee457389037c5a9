import { AssayError } from '../../preload/contract/errors';
import type { SourceFactory } from './source';

/** Placeholder: the MQTT source lands on branch `mqtt`, which replaces this file. */
export const createMqttSource: SourceFactory<'mqtt'> = () => {
  throw new AssayError('UNSUPPORTED', 'MQTT sources are not available in this build yet.');
};
