import { AssayError } from '../../../preload/contract/errors';
import type { Cell } from '../../../preload/contract/types';
import type { Value } from '../../../native-workers/ml/stream/protocols';
import { createImportingDataset, discardDataset } from '../../../native-workers/project/datasets';
import type { Db } from '../../../native-workers/project/open';
import { createExportTable, exportRowInserter, finishExport } from '../../../native-workers/project/recording-export';
import { firstSeqFrom, getRecording, getStream, recordingPages, tableExists } from '../../../native-workers/project/streams';
import { transformsOf } from './history';

/** Rows per transaction; the event loop gets a turn between chunks so the app stays responsive. */
const chunkRows = 5000;

/**
 * Recordings → a new dataset: host_time, device_time, every output
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
  try {
    createExportTable(db, ds.id, columns.map((c) => ({ name: c, type: c === 'label' ? 'text' : 'number' })));
    const insert = exportRowInserter(db, ds.id, columns.length);
    let total = 0;
    const perRecording: Record<string, number> = {};
    for (const rec of recordings) {
      const stream = streams.get(rec.streamId);
      const pipeline = pipelines.get(rec.streamId);
      if (!stream || !pipeline || !tableExists(db, stream.tableName)) continue;
      const page = recordingPages(db, stream, { deviceTime: true });
      const raw: Record<string, Value> = {};
      // Start near the recording's first row (host_time is indexed) instead of scanning the stream from its start.
      const startSeq = firstSeqFrom(db, stream, Date.parse(rec.startedAt) - 5000);
      let after = startSeq !== undefined ? startSeq - 1 : 0;
      let count = 0;
      for (;;) {
        const rows = page(rec.id, after, chunkRows);
        if (rows.length === 0) break;
        insert(
          rows.map((row): Cell[] => {
            stream.fields.forEach((f, i) => {
              raw[f.name] = row[i + 3] ?? null;
            });
            const values = pipeline.process(row[1] as number, raw).values;
            return [row[1], row[2], ...fieldNames.map((k) => values[k] ?? null), rec.label];
          }),
        );
        after = rows[rows.length - 1][0] as number;
        count += rows.length;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      perRecording[String(rec.id)] = count;
      total += count;
    }
    finishExport(db, ds.id, total, {
      recordings: recordings.map((r) => ({ id: r.id, streamId: r.streamId, label: r.label, startedAt: r.startedAt, stoppedAt: r.stoppedAt, rows: perRecording[String(r.id)] ?? 0 })),
      streams: [...streams.values()].map((s) => ({ id: s.id, name: s.name, transforms: s.pipeline.transforms })),
      rows: total,
    });
    return ds.id;
  } catch (err) {
    discardDataset(db, ds.id);
    throw err;
  }
}
