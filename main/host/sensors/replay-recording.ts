import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { AssayError } from '../../../preload/contract/errors';
import type { FieldSpec, StreamConfig } from '../../../preload/contract/sensors';
import type { Db } from '../../../native-workers/project/open';
import { getRecording, getStream, recordingPages, tableExists } from '../../../native-workers/project/streams';

/** The column of the replay file that carries each reading's original host time (suffixed if a field has the name). */
const recordedAt = 'recorded_at';
const chunkRows = 5000;

/**
 * A finished recording → a temporary CSV (recorded_at + raw fields) and the
 * config of a replay stream that paces by recorded_at: the original rate at
 * speed 1, faster above. recorded_at becomes the new stream's device time, so
 * replayed readings keep their original timestamps.
 */
export async function recordingReplay(db: Db, recordingId: number, speed: number): Promise<{ config: StreamConfig; file: string }> {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new AssayError('BAD_INPUT', 'The replay speed must be above 0 (1 = original rate).');
  const rec = getRecording(db, recordingId);
  if (rec.stoppedAt === null) throw new AssayError('BUSY', `Recording "${rec.label}" is still running; stop it before replaying.`);
  const stream = getStream(db, rec.streamId);
  if (!tableExists(db, stream.tableName) || rec.readings === 0) throw new AssayError('BAD_INPUT', `Recording "${rec.label}" holds no readings.`);
  let timeColumn = recordedAt;
  for (let n = 2; stream.fields.some((f) => f.name === timeColumn); n++) timeColumn = `${recordedAt}_${n}`;
  const fields: FieldSpec[] = [{ name: timeColumn, unit: 'ms' }, ...stream.fields];
  const file = path.join(os.tmpdir(), `assay-replay-${randomUUID()}.csv`);
  const out = fs.createWriteStream(file, { mode: 0o600 });
  const write = (text: string): Promise<void> => new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
  const page = recordingPages(db, stream, { deviceTime: false });
  try {
    await write(`${Papa.unparse([fields.map((f) => f.name)])}\n`);
    for (let after = 0; ; ) {
      const rows = page(rec.id, after, chunkRows);
      if (rows.length === 0) break;
      await write(`${Papa.unparse(rows.map((r) => r.slice(1)))}\n`);
      after = rows[rows.length - 1][0] as number;
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  } catch (err) {
    out.destroy();
    fs.rmSync(file, { force: true });
    throw err;
  }
  const config: StreamConfig = {
    name: `${rec.label} replay${speed === 1 ? '' : ` ×${speed}`}`,
    source: { kind: 'replay', path: file, timeColumn, speed },
    protocol: { kind: 'csv', delimiter: ',', header: true },
    fields,
    deviceTimeField: timeColumn,
    pipeline: stream.pipeline,
  };
  return { config, file };
}
