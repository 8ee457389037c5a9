import { AssayError } from '../../../preload/contract/errors';
import type { Value } from '../../../native-workers/ml/stream/protocols';
import { createImportingDataset, discardDataset } from '../../../native-workers/project/datasets';
import type { Db } from '../../../native-workers/project/open';
import { transformsOf } from './history';
import { getRecording, getStream, tableExists } from './streams-db';

/** Rows per transaction; the event loop gets a turn between chunks so the app stays responsive. */
const chunkRows = 5000;

/**
 * Recordings → a new dataset (ds_<id>): host_time, device_time, every output
 * field after the stream's transforms, and the recording's label. Written in
 * chunks into a dataset that stays 'importing' (invisible) until its last
 * transaction, like an import; a failure discards it whole.
 */
export async function exportRecordings(db: Db, recordingIds: readonly number[], wantedName: string): Promise<number> {
  if (recordingIds.length === 0) throw new AssayError('BAD_INPUT', 'Pick at least one recording to export.');
  const recordings = recordingIds.map((id) => getRecording(db, id));
  const open = recordings.find((r) => r.stoppedAt === null);
  if (open) throw new AssayError('BUSY', `Recording ${open.id} ("${open.label}") is still running; stop it before exporting.`);
  const streams = new Map(recordings.map((r) => [r.streamId, getStream(db, r.streamId)]));
  const pipelines = new Map([...streams].map(([id, s]) => [id, transformsOf(s)]));
  const fieldNames: string[] = [];
  for (const p of pipelines.values()) for (const f of p.outputFields()) if (!fieldNames.includes(f)) fieldNames.push(f);
  // host_time, device_time and label are the export's own columns; a stream field of that name gets a suffix.
  const reserved = new Set(['host_time', 'device_time', 'label']);
  const fieldColumns = fieldNames.map((f) => (reserved.has(f) ? `${f}_field` : f));
  const columns = ['host_time', 'device_time', ...fieldColumns, 'label'];

  const name = wantedName.trim() || recordings.map((r) => r.label).join('+');
  const ds = createImportingDataset(db, name, `recordings:${recordingIds.join(',')}`);
  const table = `ds_${ds.id}`;
  try {
    db.transaction(() => {
      db.exec(`CREATE TABLE ${table} (${columns.map((_, i) => `c${i} ANY`).join(', ')}) STRICT`);
      const add = db.prepare('INSERT INTO dataset_columns (dataset_id, position, name, type) VALUES (?, ?, ?, ?)');
      columns.forEach((c, i) => add.run(ds.id, i, c, c === 'label' ? 'text' : 'number'));
    }).immediate();
    const insert = db.prepare(`INSERT INTO ${table} VALUES (${columns.map(() => '?').join(', ')})`);
    let total = 0;
    const perRecording: Record<string, number> = {};
    for (const rec of recordings) {
      const stream = streams.get(rec.streamId);
      const pipeline = pipelines.get(rec.streamId);
      if (!stream || !pipeline || !tableExists(db, stream.tableName)) continue;
      const cols = stream.fields.map((_, i) => `f${i}`).join(', ');
      const select = db
        .prepare(`SELECT seq, host_time, device_time${cols ? `, ${cols}` : ''} FROM ${stream.tableName} WHERE recording_id = ? AND seq > ? ORDER BY seq LIMIT ?`)
        .raw(true);
      const raw: Record<string, Value> = {};
      // Start near the recording's first row (host_time is indexed) instead of scanning the stream from its start.
      const startSeq = db
        .prepare(`SELECT seq FROM ${stream.tableName} WHERE host_time >= ? ORDER BY host_time LIMIT 1`)
        .get(Date.parse(rec.startedAt) - 5000) as { seq: number } | undefined;
      let after = startSeq ? startSeq.seq - 1 : 0;
      let count = 0;
      for (;;) {
        const rows = select.all(rec.id, after, chunkRows) as Value[][];
        if (rows.length === 0) break;
        db.transaction(() => {
          for (const row of rows) {
            stream.fields.forEach((f, i) => {
              raw[f.name] = row[i + 3] ?? null;
            });
            const values = pipeline.process(row[1] as number, raw).values;
            insert.run([row[1], row[2], ...fieldNames.map((k) => values[k] ?? null), rec.label]);
          }
        }).immediate();
        after = rows[rows.length - 1][0] as number;
        count += rows.length;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      perRecording[String(rec.id)] = count;
      total += count;
    }
    db.transaction(() => {
      db.prepare("UPDATE datasets SET status = 'ready', row_count = ? WHERE id = ?").run(total, ds.id);
      db.prepare('INSERT INTO lineage (dataset_id, event, detail, at) VALUES (?, ?, ?, ?)').run(
        ds.id,
        'recording-export',
        JSON.stringify({
          recordings: recordings.map((r) => ({ id: r.id, streamId: r.streamId, label: r.label, startedAt: r.startedAt, stoppedAt: r.stoppedAt, rows: perRecording[String(r.id)] ?? 0 })),
          streams: [...streams.values()].map((s) => ({ id: s.id, name: s.name, transforms: s.pipeline.transforms })),
          rows: total,
        }),
        new Date().toISOString(),
      );
    }).immediate();
    return ds.id;
  } catch (err) {
    discardDataset(db, ds.id);
    throw err;
  }
}
