import { AssayError } from '../../../preload/contract/errors';
import {
  emptyPipeline,
  type FieldSpec,
  type PipelineSpec,
  type RecordingInfo,
  type StreamConfig,
  type StreamProtocol,
  type StreamSource,
  type StreamSummary,
} from '../../../preload/contract/sensors';
import type { Db } from '../../../native-workers/project/open';

/** The streams, recordings and stream_events tables (schema 2). */
export interface StreamRow extends Omit<StreamSummary, 'status' | 'jobId'> {
  readonly deviceTimeField: string | null;
  readonly tableName: string;
}

interface RawStream {
  id: number;
  name: string;
  source: string;
  protocol: string | null;
  fields: string;
  pipeline: string;
  device_time_field: string | null;
  table_name: string;
  reading_count: number;
  created_at: string;
}

/** Secrets never reach the project file: the host keeps them in memory for the stream's life. */
export function withoutSecrets(source: StreamSource): StreamSource {
  if (source.kind !== 'mqtt' || source.password === undefined) return source;
  const rest: Record<string, unknown> = { ...source };
  delete rest['password'];
  return rest as StreamSource;
}

function toRow(r: RawStream): StreamRow {
  return {
    id: r.id,
    name: r.name,
    source: JSON.parse(r.source) as StreamSource,
    protocol: r.protocol ? (JSON.parse(r.protocol) as StreamProtocol) : null,
    fields: JSON.parse(r.fields) as FieldSpec[],
    pipeline: JSON.parse(r.pipeline) as PipelineSpec,
    deviceTimeField: r.device_time_field,
    tableName: r.table_name,
    readingCount: r.reading_count,
    createdAt: r.created_at,
  };
}

/** Protocol and fields may be unknown yet: the stream worker detects them and reports back (setDetected). */
export function insertStream(db: Db, config: StreamConfig): number {
  return db.transaction(() => {
    const info = db
      .prepare(
        `INSERT INTO streams (name, source, protocol, fields, pipeline, device_time_field, table_name, created_at)
         VALUES (?, ?, ?, ?, ?, ?, '', ?)`,
      )
      .run(
        config.name,
        JSON.stringify(withoutSecrets(config.source)),
        config.protocol ? JSON.stringify(config.protocol) : null,
        JSON.stringify(config.fields ?? []),
        JSON.stringify(config.pipeline ?? emptyPipeline),
        config.deviceTimeField ?? null,
        new Date().toISOString(),
      );
    const id = Number(info.lastInsertRowid);
    db.prepare('UPDATE streams SET table_name = ? WHERE id = ?').run(`st_${id}`, id);
    return id;
  }).immediate();
}

export function setDetected(db: Db, id: number, protocol: StreamProtocol, fields: readonly FieldSpec[]): void {
  db.prepare('UPDATE streams SET protocol = ?, fields = ? WHERE id = ?').run(JSON.stringify(protocol), JSON.stringify(fields), id);
}

export function getStream(db: Db, id: number): StreamRow {
  const r = db.prepare('SELECT * FROM streams WHERE id = ?').get(id) as RawStream | undefined;
  if (!r) throw new AssayError('NOT_FOUND', `Stream ${id} does not exist in this project.`);
  return toRow(r);
}

export function listStreamRows(db: Db): StreamRow[] {
  return (db.prepare('SELECT * FROM streams ORDER BY id').all() as RawStream[]).map(toRow);
}

export function setPipeline(db: Db, id: number, pipeline: PipelineSpec): void {
  db.prepare('UPDATE streams SET pipeline = ? WHERE id = ?').run(JSON.stringify(pipeline), id);
}

export function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

interface RawRecording {
  id: number;
  stream_id: number;
  label: string;
  started_at: string;
  stopped_at: string | null;
  readings: number;
}

function toRecording(r: RawRecording): RecordingInfo {
  return { id: r.id, streamId: r.stream_id, label: r.label, startedAt: r.started_at, stoppedAt: r.stopped_at, readings: r.readings };
}

export function insertRecording(db: Db, streamId: number, label: string): RecordingInfo {
  const info = db
    .prepare('INSERT INTO recordings (stream_id, label, started_at) VALUES (?, ?, ?)')
    .run(streamId, label, new Date().toISOString());
  return getRecording(db, Number(info.lastInsertRowid));
}

export function getRecording(db: Db, id: number): RecordingInfo {
  const r = db.prepare('SELECT * FROM recordings WHERE id = ?').get(id) as RawRecording | undefined;
  if (!r) throw new AssayError('NOT_FOUND', `Recording ${id} does not exist in this project.`);
  return toRecording(r);
}

export function stopRecording(db: Db, id: number): void {
  db.prepare('UPDATE recordings SET stopped_at = COALESCE(stopped_at, ?) WHERE id = ?').run(new Date().toISOString(), id);
}

export function listRecordings(db: Db, streamId?: number): RecordingInfo[] {
  const rows =
    streamId === undefined
      ? (db.prepare('SELECT * FROM recordings ORDER BY id').all() as RawRecording[])
      : (db.prepare('SELECT * FROM recordings WHERE stream_id = ? ORDER BY id').all(streamId) as RawRecording[]);
  return rows.map(toRecording);
}
