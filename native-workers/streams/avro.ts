import avro from 'avsc';
import { AssayError } from '../../preload/contract/errors';

/**
 * Decodes binary Avro records (no container header, as Kafka and Kinesis producers send them)
 * with the schema the user gave. A record that does not decode is an Error with the reason.
 */
export function avroDecoder(schema: string): (bytes: Uint8Array) => unknown {
  let type: avro.Type;
  try {
    type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema);
  } catch (err) {
    throw new AssayError('BAD_INPUT', `The Avro schema is not valid: ${err instanceof Error ? err.message : String(err)}. Give the schema as JSON (a record with its fields).`);
  }
  return (bytes) => {
    // fromBuffer refuses truncated records and trailing bytes: both are reasons worth keeping.
    return type.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };
}

/** The fields of a record schema, nested records' fields dotted (as decoded records are flattened). */
export function avroFields(schema: string): { name: string }[] {
  const type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema);
  const out: { name: string }[] = [];
  const walk = (t: avro.Type, prefix: string): void => {
    if (t instanceof avro.types.RecordType) for (const f of t.fields) walk(f.type, prefix ? `${prefix}.${f.name}` : f.name);
    else if (prefix) out.push({ name: prefix });
  };
  walk(type, '');
  if (out.length === 0) throw new AssayError('BAD_INPUT', 'The Avro schema must be a record with at least one field.');
  return out;
}
