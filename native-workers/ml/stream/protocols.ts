import type { FieldSpec, StreamProtocol } from '../../../preload/contract/sensors';

export type Value = number | string | null;

export interface ParsedMessage {
  readonly values: Readonly<Record<string, Value>>;
}

export interface ParseError {
  readonly error: string;
}

export interface Detected {
  readonly protocol: StreamProtocol;
  readonly fields: readonly FieldSpec[];
}

const todo = (): never => {
  throw new Error('stream-core: not implemented yet');
};

/**
 * One text message (a line without its newline, or an MQTT payload) → values by
 * field name. CSV maps columns to `fields` by position; a CSV header line is
 * reported as { error: 'header' } so callers can skip it.
 */
export function parseMessage(_protocol: StreamProtocol, _text: string, _fields: readonly FieldSpec[]): ParsedMessage | ParseError {
  return todo();
}

/** One decoded SLIP frame of little-endian float32 values → values by field name. */
export function parseF32Record(_frame: Uint8Array, _fields: readonly FieldSpec[]): ParsedMessage | ParseError {
  return todo();
}

/** Guesses the protocol and field names from the first text messages. */
export function detectProtocol(_sample: readonly string[]): Detected | ParseError {
  return todo();
}
