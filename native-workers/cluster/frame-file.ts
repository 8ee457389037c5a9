/**
 * A run's dataset columns as one Arrow IPC file on the cluster's shared storage: written once per run by the
 * host, read by every job of the run on its node instead of paging the dataset's rows out of the project
 * (each of a search's trial jobs did that again). apache-arrow is imported on use: the local worker never
 * needs it, and the cluster node's bundle carries it inside (build.mjs), so loading it costs no module search.
 */
import fs from 'node:fs';
import type { Vector } from 'apache-arrow';
import type { Frame, FrameColumn, FrameColumnKind } from '../ml/tabular/frame';

/** Schema metadata: each column's frame kind (a date and a number are both Float64 in the file). */
const kindsKey = 'assay.kinds';

export async function writeFrameFile(frame: Frame, file: string): Promise<void> {
  const { Dictionary, Int32, Schema, Table, Utf8, makeVector, tableToIPC, vectorFromArray } = await import('apache-arrow');
  const vectors: Record<string, Vector> = {};
  for (const c of frame.columns) {
    // NaN stays NaN (missing, as the frame has it); text repeats, so it goes dictionary-encoded.
    vectors[c.name] = c.kind === 'categorical' ? vectorFromArray(c.values, new Dictionary(new Utf8(), new Int32())) : makeVector(c.values);
  }
  const plain = new Table(vectors);
  const kinds = Object.fromEntries(frame.columns.map((c) => [c.name, c.kind]));
  const table = new Table(new Schema(plain.schema.fields, new Map([[kindsKey, JSON.stringify(kinds)]])), plain.batches);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, tableToIPC(table, 'file'));
  fs.renameSync(tmp, file);
}

export async function readFrameFile(file: string): Promise<Frame> {
  const { tableFromIPC } = await import('apache-arrow');
  const table = tableFromIPC(fs.readFileSync(file));
  const kinds = JSON.parse(table.schema.metadata.get(kindsKey) ?? '{}') as Record<string, FrameColumnKind>;
  const columns = table.schema.fields.map((field): FrameColumn => {
    const vector = table.getChild(field.name)!;
    const kind = kinds[field.name];
    if (kind === 'categorical') return { name: field.name, kind, values: Array.from(vector as Iterable<string | null>) };
    if (kind !== 'numeric' && kind !== 'date') throw new Error(`${file} has no kind for its column "${field.name}": it was not written by this Assay.`);
    // A copy: the file's buffer need not keep an 8-byte-aligned Float64 view alive.
    return { name: field.name, kind, values: Float64Array.from(vector.toArray() as Float64Array) };
  });
  return { rows: table.numRows, columns };
}
