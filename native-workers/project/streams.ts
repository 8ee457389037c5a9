/**
 * Streams and their readings (schema 2): the `streams`, `recordings` and
 * `stream_events` tables, and each stream's own table st_<id> (seq, host_time,
 * device_time, recording_id, flags, f0 … fN: raw values in the order of
 * streams.fields), created by the stream worker on the stream's first start.
 */
import { AssayError } from '../../preload/contract/errors';
import {
  emptyPipeline,
  type FieldSpec,
  type PipelineSpec,
  type RecordingInfo,
  type StreamConfig,
  type StreamProtocol,
  type StreamSource,
  type StreamSummary,
} from '../../preload/contract/sensors';
import type { Value } from '../ml/stream/protocols';
import { BatchInserter } from './batch-insert';
import type { Db } from './open';

/** A stream as stored: its summary plus what only the worker and host need (device-time field, readings table). */
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

/** The table that holds stream `streamId`'s readings: the one place its name is built. */
export function streamTable(streamId: number): string {
  return `st_${streamId}`;
}

/** Secrets never reach the project file: the host keeps them in memory for the stream's life. */
export function withoutSecrets(source: StreamSource): StreamSource {
  if (!('password' in source) && !('url' in source)) return source;
  const rest: Record<string, unknown> = { ...source };
  delete rest['password'];
  // A password inside a broker URL (redis://:pw@host) is a secret too.
  if (typeof rest['url'] === 'string') rest['url'] = urlWithoutPassword(rest['url']);
  return rest as StreamSource;
}

function urlWithoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

/** The password a source carries (MQTT, NATS, Redis, Kafka SASL), which the host keeps in memory only. */
export function sourcePassword(source: StreamSource): string | undefined {
  return 'password' in source ? source.password : undefined;
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

/** Saves a new stream. Protocol and fields may be unknown yet: the stream worker detects them and reports back (setDetected). */
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
    db.prepare('UPDATE streams SET table_name = ? WHERE id = ?').run(streamTable(id), id);
    return id;
  }).immediate();
}

/** Stores the protocol and fields the stream worker detected from the first messages. */
export function setDetected(db: Db, id: number, protocol: StreamProtocol, fields: readonly FieldSpec[]): void {
  db.prepare('UPDATE streams SET protocol = ?, fields = ? WHERE id = ?').run(JSON.stringify(protocol), JSON.stringify(fields), id);
}

/** A stream by id; NOT_FOUND names it otherwise. */
export function getStream(db: Db, id: number): StreamRow {
  const r = db.prepare('SELECT * FROM streams WHERE id = ?').get(id) as RawStream | undefined;
  if (!r) throw new AssayError('NOT_FOUND', `Stream ${id} does not exist in this project.`);
  return toRow(r);
}

/** Every stream of the project, oldest first. */
export function listStreamRows(db: Db): StreamRow[] {
  return (db.prepare('SELECT * FROM streams ORDER BY id').all() as RawStream[]).map(toRow);
}

/** Replaces a stream's stored pipeline (history and exports apply its transforms). */
export function setPipeline(db: Db, id: number, pipeline: PipelineSpec): void {
  db.prepare('UPDATE streams SET pipeline = ? WHERE id = ?').run(JSON.stringify(pipeline), id);
}

/** Adds the readings a stream job stored to the stream's running total. */
export function addStreamReadings(db: Db, streamId: number, readings: number): void {
  db.prepare('UPDATE streams SET reading_count = reading_count + ? WHERE id = ?').run(readings, streamId);
}

/** Whether a table exists: a stream's table is only created on its first start. */
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

/** Starts a labelled recording of a stream, now. */
export function insertRecording(db: Db, streamId: number, label: string): RecordingInfo {
  const info = db
    .prepare('INSERT INTO recordings (stream_id, label, started_at) VALUES (?, ?, ?)')
    .run(streamId, label, new Date().toISOString());
  return getRecording(db, Number(info.lastInsertRowid));
}

/** A recording by id; NOT_FOUND names it otherwise. */
export function getRecording(db: Db, id: number): RecordingInfo {
  const r = db.prepare('SELECT * FROM recordings WHERE id = ?').get(id) as RawRecording | undefined;
  if (!r) throw new AssayError('NOT_FOUND', `Recording ${id} does not exist in this project.`);
  return toRecording(r);
}

/** Marks a recording stopped now; a second stop (host, then worker) keeps the first time. */
export function stopRecording(db: Db, id: number): void {
  db.prepare('UPDATE recordings SET stopped_at = COALESCE(stopped_at, ?) WHERE id = ?').run(new Date().toISOString(), id);
}

/** The recordings of one stream, or of all streams, oldest first. */
export function listRecordings(db: Db, streamId?: number): RecordingInfo[] {
  const rows =
    streamId === undefined
      ? (db.prepare('SELECT * FROM recordings ORDER BY id').all() as RawRecording[])
      : (db.prepare('SELECT * FROM recordings WHERE stream_id = ? ORDER BY id').all(streamId) as RawRecording[]);
  return rows.map(toRecording);
}

/**
 * Prepared once for a stream job: adds counted readings to recordings in one
 * write transaction (the worker keeps the counts between flushes).
 */
export function recordingCountSaver(db: Db): (counts: ReadonlyMap<number, number>) => void {
  const save = db.prepare('UPDATE recordings SET readings = readings + ? WHERE id = ?');
  return (counts) => {
    db.transaction(() => {
      for (const [id, n] of counts) save.run(n, id);
    }).immediate();
  };
}

/** Creates the stream's readings table (and its time index) on the stream's first start. */
export function ensureStreamTable(db: Db, streamId: number, fields: readonly FieldSpec[]): void {
  const table = streamTable(streamId);
  const cols = fields.map((_, i) => `, f${i} ANY`).join('');
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY, host_time REAL NOT NULL, device_time REAL, recording_id INTEGER, flags TEXT${cols}) STRICT;
     CREATE INDEX IF NOT EXISTS ${table}_time ON ${table} (host_time);`,
  );
}

/** What a stream event records. */
export type StreamEventKind = 'start' | 'stop' | 'gap' | 'reconnect' | 'error' | 'malformed' | 'drop';

/** One stored reading: host receive time, device time, recording, validation flags, raw values in field order. */
export type StreamReading = [hostTime: number, deviceTime: number | null, recordingId: number | null, flags: string | null, ...values: Value[]];

/** One row of stream_events: when (ms), what, and its detail as JSON text. */
export interface StreamEvent {
  readonly at: number;
  readonly kind: StreamEventKind;
  readonly detail: string;
}

/** One event written on its own: a stream that failed before it could store anything (a refused login, a missing stream). */
export function addStreamEvent(db: Db, streamId: number, event: StreamEvent): void {
  const insert = db.prepare('INSERT INTO stream_events (stream_id, at, kind, detail) VALUES (?, ?, ?, ?)');
  db.transaction(() => insert.run(streamId, event.at, event.kind, event.detail)).immediate();
}

/**
 * Prepared once for a stream job (1 kHz and more): a function that writes
 * readings with multi-row INSERTs and events in one write transaction, and
 * calls `inside` within it (to count what commits). Throws, writing nothing,
 * when the project stays locked past the busy timeout.
 */
export function streamBatchWriter(
  db: Db,
  streamId: number,
  fieldCount: number,
): (readings: readonly StreamReading[], events: readonly StreamEvent[], inside: () => void) => void {
  const width = 4 + fieldCount;
  const names = ['host_time', 'device_time', 'recording_id', 'flags', ...Array.from({ length: fieldCount }, (_, i) => `f${i}`)];
  const inserter = new BatchInserter(db, streamTable(streamId), names, width);
  const insertEvent = db.prepare('INSERT INTO stream_events (stream_id, at, kind, detail) VALUES (?, ?, ?, ?)');
  return (readings, events, inside) => {
    db.transaction(() => {
      inserter.run(() => {
        for (const row of readings) {
          for (let c = 0; c < width; c++) inserter.set(c, row[c] as Value | undefined);
          inserter.commitRow();
        }
      });
      for (const e of events) insertEvent.run(streamId, e.at, e.kind, e.detail);
      inside();
    }).immediate();
  };
}

function fieldList(stream: StreamRow): string {
  return stream.fields.map((_, i) => `, f${i}`).join('');
}

/**
 * Prepared once: pages through one recording's readings by seq, each row
 * [seq, host_time, (device_time,) f0 … fN]. Paging by seq (the primary key)
 * keeps each page a range scan however deep the recording.
 */
export function recordingPages(
  db: Db,
  stream: StreamRow,
  options: { readonly deviceTime: boolean },
): (recordingId: number, afterSeq: number, limit: number) => Value[][] {
  const select = db
    .prepare(`SELECT seq, host_time${options.deviceTime ? ', device_time' : ''}${fieldList(stream)} FROM ${stream.tableName} WHERE recording_id = ? AND seq > ? ORDER BY seq LIMIT ?`)
    .raw(true);
  return (recordingId, afterSeq, limit) => select.all(recordingId, afterSeq, limit) as Value[][];
}

/** What an export plan needs of one recording: its readings, and how many of them hold a device time and each field. */
export interface RecordingFill {
  readonly readings: number;
  readonly deviceTimes: number;
  readonly deviceTimeMin: number | null;
  readonly deviceTimeMax: number | null;
  /** Non-null values per field, in field order. */
  readonly fieldValues: readonly number[];
}

export function recordingFill(db: Db, stream: StreamRow, recordingId: number): RecordingFill {
  const counts = stream.fields.map((_, i) => `, count(f${i})`).join('');
  const row = db
    .prepare(`SELECT count(*), count(device_time), min(device_time), max(device_time)${counts} FROM ${stream.tableName} WHERE recording_id = ?`)
    .raw(true)
    .get(recordingId) as (number | null)[];
  return {
    readings: row[0] ?? 0,
    deviceTimes: row[1] ?? 0,
    deviceTimeMin: row[2],
    deviceTimeMax: row[3],
    fieldValues: row.slice(4).map((n) => n ?? 0),
  };
}

/** The seq of the first reading at or after a host time (host_time is indexed), or undefined past the end. */
export function firstSeqFrom(db: Db, stream: StreamRow, hostTime: number): number | undefined {
  const row = db.prepare(`SELECT seq FROM ${stream.tableName} WHERE host_time >= ? ORDER BY host_time LIMIT 1`).get(hostTime) as { seq: number } | undefined;
  return row?.seq;
}

/** The host times of a stream's first and last stored readings, or null when it has none. */
export function streamTimeBounds(db: Db, stream: StreamRow): { from: number; to: number } | null {
  const b = db.prepare(`SELECT min(host_time) AS lo, max(host_time) AS hi FROM ${stream.tableName}`).get() as { lo: number | null; hi: number | null };
  return b.lo === null || b.hi === null ? null : { from: b.lo, to: b.hi };
}

/** How many readings a host-time range holds (both ends included). */
export function countReadingsBetween(db: Db, stream: StreamRow, from: number, to: number): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${stream.tableName} WHERE host_time BETWEEN ? AND ?`).get(from, to) as { n: number }).n;
}

/** A host-time range's readings in time order, each [host_time, f0 … fN], streamed so memory stays flat. */
export function readingsBetween(db: Db, stream: StreamRow, from: number, to: number): IterableIterator<Value[]> {
  return db
    .prepare(`SELECT host_time${fieldList(stream)} FROM ${stream.tableName} WHERE host_time BETWEEN ? AND ? ORDER BY host_time, seq`)
    .raw(true)
    .iterate(from, to) as IterableIterator<Value[]>;
}

/** What a stream has stored: readings, their host-time span and how many failed validation (flagged), or null when none. */
export function storedReadingStats(db: Db, stream: StreamRow): { readings: number; from: number; to: number; invalid: number } | null {
  const r = db
    .prepare(`SELECT count(*) AS n, min(host_time) AS lo, max(host_time) AS hi, count(flags) AS invalid FROM ${stream.tableName}`)
    .get() as { n: number; lo: number | null; hi: number | null; invalid: number };
  return r.lo === null || r.hi === null ? null : { readings: r.n, from: r.lo, to: r.hi, invalid: r.invalid };
}
