import type { StreamSource } from '../../preload/contract/sensors';
import { createMqttSource } from './mqtt-source';
import { createReplaySource } from './replay-source';
import { createSerialSource } from './serial-source';
import type { SourceAdapter } from './source';

/** The transport of a stream; `binary` asks for raw frames (slip-f32) instead of text messages. */
export function openSource(source: StreamSource, options: { readonly binary: boolean }): SourceAdapter {
  switch (source.kind) {
    case 'serial':
      return createSerialSource(source, options);
    case 'replay':
      return createReplaySource(source, options);
    case 'mqtt':
      return createMqttSource(source, options);
  }
}

/** What to check when a source stays silent, worded for its kind. */
export function silenceHint(kind: StreamSource['kind']): string {
  return kind === 'serial' ? 'is the device sending, and the baud rate right?' : kind === 'mqtt' ? 'is anything publishing on that topic?' : 'is the file empty?';
}
