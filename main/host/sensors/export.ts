import { AssayError } from '../../../preload/contract/errors';
import type { ExportColumnChoice, ExportColumnOption } from '../../../preload/contract/recording-export';
import type { Cell } from '../../../preload/contract/types';
import type { Value } from '../../../native-workers/ml/stream/protocols';
import type { PipelineOutput } from '../../../native-workers/ml/stream/pipeline';
import { createImportingDataset, discardDataset } from '../../../native-workers/project/datasets';
import type { Db } from '../../../native-workers/project/open';
import { createExportTable, exportRowInserter, finishExport } from '../../../native-workers/project/recording-export';
import { firstSeqFrom, recordingPages, tableExists } from '../../../native-workers/project/streams';
import { chooseColumns, planExport, wholePipeline, type DeviceTimeUnit } from './export-plan';

/** Rows per transaction; the event loop gets a turn between chunks so the app stays responsive. */
const chunkRows = 5000;

const iso = (ms: number): string | null => {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
};

function deviceTimeCell(v: Value, unit: DeviceTimeUnit): Cell {
  if (typeof v !== 'number') return null;
  return unit === 'ms' ? iso(v) : unit === 's' ? iso(v * 1000) : v;
}

/** One reading as it reaches a cell builder: stored times, the pipeline's output, its recording's label. */
interface Reading {
  readonly hostTime: number;
  readonly deviceTime: Value;
  readonly out: PipelineOutput;
  readonly label: string;
}

function cellOf(column: ExportColumnOption, r: Reading, unit: DeviceTimeUnit): Cell {
  switch (column.key) {
    case 'recording:host_time':
      return iso(r.hostTime);
    case 'recording:device_time':
      return deviceTimeCell(r.deviceTime, unit);
    case 'recording:label':
      return r.label;
    case 'recording:invalid':
      return r.out.invalid ? 1 : 0;
    case 'recording:flags':
      return r.out.flags.length > 0 ? r.out.flags.map((f) => `${f.field}: ${f.reason}`).join('; ') : null;
    default:
      return r.out.values[column.key.slice('field:'.length)] ?? null;
  }
}

/**
 * Recordings → a new dataset with the columns chosen from the plan
 * (export-plan.ts): times as ISO datetimes, fields after the stream's whole
 * pipeline, its derived channels, statistics and flags, the label. Written in
 * chunks into a dataset that stays 'importing' (invisible) until its last
 * transaction, like an import; a failure discards it whole.
 */
export async function exportRecordings(db: Db, recordingIds: readonly number[], wantedName: string, asked?: readonly ExportColumnChoice[]): Promise<number> {
  const source = planExport(db, recordingIds);
  const { recordings, streams, deviceTime } = source;
  const open = recordings.find((r) => r.stoppedAt === null);
  if (open) throw new AssayError('BUSY', `Recording ${open.id} ("${open.label}") is still running; stop it before exporting.`);
  const columns = chooseColumns(source.plan, asked);

  const name = wantedName.trim() || recordings.map((r) => r.label).join('+');
  const ds = createImportingDataset(db, name, `recordings:${recordingIds.join(',')}`);
  try {
    createExportTable(db, ds.id, columns);
    const insert = exportRowInserter(db, ds.id, columns.length);
    let total = 0;
    const perRecording: Record<string, number> = {};
    for (const rec of recordings) {
      const stream = streams.get(rec.streamId);
      if (!stream || !tableExists(db, stream.tableName)) continue;
      // A fresh pipeline per recording: its rolling windows and stuck counters start with the recording.
      const pipeline = wholePipeline(stream);
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
            const hostTime = row[1] as number;
            const reading: Reading = { hostTime, deviceTime: row[2] ?? null, out: pipeline.process(hostTime, raw), label: rec.label };
            return columns.map((c) => cellOf(c, reading, deviceTime));
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
      streams: [...streams.values()].map((s) => ({ id: s.id, name: s.name, pipeline: s.pipeline })),
      columns: columns.map((c) => ({ key: c.key, name: c.name, type: c.type })),
      rows: total,
    });
    return ds.id;
  } catch (err) {
    discardDataset(db, ds.id);
    throw err;
  }
}
