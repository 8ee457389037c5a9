import type { RecordSummary, StreamState, StreamStatus } from '../../preload/contract/sensors';
import { isPlatformSource, platformLabel, type PlatformSource } from '../../preload/contract/stream-platforms';
import { parseF32Record, parseMessage, parseRecordObject, type Value } from '../ml/stream/protocols';
import { Pipeline } from '../ml/stream/pipeline';
import { RateEstimator } from '../ml/stream/rate';
import type { StreamJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';
import { connect, connectForBulkWrites } from '../project/open';
import { ensurePositionColumns, loadCheckpoints, type Checkpoint } from '../project/stream-offsets';
import { addStreamEvent, addStreamReadings, ensureStreamTable, recordingCountSaver, stopRecording, type StreamReading } from '../project/streams';
import { openSource, silenceHint } from '../streams';
import type { SourceEvents, SourceMessage } from '../streams/source';
import { avroDecoder, avroFields } from '../streams/avro';
import { DeliveryWriter } from './stream-delivery';
import { DeliveryThread, deliveryThreadFile, startDeliveryThread } from '../runtime/delivery-thread';
import { AssayError } from '../../preload/contract/errors';
import { detectFromFirstMessages } from './stream-inline-detect';
import { FrameBuilder } from './stream-frames';
import { defaultQueueLimit, flushAtRows, streamCheckpointPages, StreamWriter } from './stream-store';
import { StreamWindows } from './stream-windows';

const flushIntervalMs = 50;
/**
 * One display frame at 60 Hz. The bench's stage timings (#14.17) showed the wait for the next frame
 * was most of the arrival → WebSocket stage (p50 20 ms at 33 ms); a frame with nothing new is not sent.
 */
const frameIntervalMs = 16;
const statusIntervalMs = 1000;
/** Malformed messages kept with their raw text; later ones are only counted (a garbage flood must not fill the file). */
const malformedEventLimit = 1000;
const rawTextLimit = 500;
/** How long a flush may wait for another writer before it gives up until the next tick (keeps the loop responsive). */
const busyTimeoutMs = 250;
/** The longest a recording's stop or the job's end blocks for the storage thread's answer (one flush of a long backlog). */
const drainMs = 5_000;

/**
 * A live stream: source → parse → pipeline → bounded queue → st_<id>, with
 * frames (≤ ~60/s) and status (~1/s and on every change) sent to the host.
 * Runs until cancelled, until durationSeconds, or until a finite source ends;
 * then flushes everything and returns the counters.
 */
export async function runStream(spec: StreamJobSpec, ctx: JobContext): Promise<RecordSummary> {
  const { streamId } = spec;
  const platform: PlatformSource | null = isPlatformSource(spec.config.source) ? spec.config.source : null;
  const checkpoints = platform ? readCheckpoints(spec.projectPath, streamId) : [];
  const binaryProtocol = (kind: string | undefined): boolean => kind === 'slip-f32' || kind === 'avro';
  // A replay reads as Detect does, outside the group or durable, resuming after its own checkpoints.
  const source = await openSource(spec.config.source, { binary: binaryProtocol(spec.config.protocol?.kind), streamId, checkpoints, peek: platform?.replay === true });
  // The source reports to whichever handlers are current: first a detection buffer (when the
  // protocol is unknown), then the store. Nothing received while detecting is lost.
  let handlers: SourceEvents | null = null;
  const early: SourceMessage[] = [];
  const earlyStates: [Exclude<StreamState, 'stopped'>, string | undefined][] = [];
  const earlyGaps: [number, number, string][] = [];
  let earlyEnd = false;
  let opened = false;
  // Platform sources pull only while storage keeps up: first the detection buffer, then the queue.
  let backlog = (): number => early.length;
  const proxy: SourceEvents = {
    backlog: () => backlog(),
    onMessage: (m) => (handlers ? handlers.onMessage(m) : early.push(m)),
    onState: (st, d) => {
      if (handlers) return handlers.onState(st, d);
      earlyStates.push([st, d]);
      // Detection holds states back until data arrives, but whoever feeds the source waits to hear it is open
      // (assay record's "listening on"): say so at once. Once storing, the 'live' status says it.
      if (st === 'live' && !opened) {
        opened = true;
        ctx.data({ kind: 'opened' });
      }
    },
    onGap: (f, t, r) => (handlers ? handlers.onGap(f, t, r) : earlyGaps.push([f, t, r])),
    onEnd: () => (handlers ? handlers.onEnd?.() : (earlyEnd = true)),
  };
  let started = false;
  let config = spec.config;
  // An Avro schema names the fields: nothing to detect.
  const given = config.protocol;
  if (given?.kind === 'avro' && (!config.fields || config.fields.length === 0)) {
    const fields = avroFields(given.schema);
    config = { ...config, fields };
    ctx.data({ kind: 'detected', protocol: given, fields });
  }
  // Platform rows are stored on a second thread when the worker is bundled, so the consumer keeps reading while
  // they are written. Started now: it loads while the first messages arrive and the format is detected.
  const threadFile = platform ? deliveryThreadFile() : null;
  const thread = threadFile ? startDeliveryThread(threadFile) : null;
  if (!config.protocol || !config.fields || config.fields.length === 0) {
    started = true;
    await source.start(proxy);
    let detected: Awaited<ReturnType<typeof detectFromFirstMessages>>;
    try {
      const kind = spec.config.source.kind;
      const hint = (): string => {
        const last = earlyStates.at(-1);
        if (last && last[0] !== 'live' && last[1]) return last[1];
        return silenceHint(kind);
      };
      detected = await detectFromFirstMessages(early, () => earlyEnd || earlyStates.some(([st]) => st === 'failed'), ctx, spec.durationSeconds, hint);
    } catch (err) {
      await source.stop();
      await thread?.worker.terminate();
      // Failed before a row could be stored (a refused login, a missing stream, no broker): the stream's history still says why.
      const last = earlyStates.filter(([st]) => st !== 'live').at(-1);
      if (platform && last) recordFailureEvent(spec.projectPath, streamId, { state: last[0], detail: last[1] ?? null });
      throw err;
    }
    config = { ...config, protocol: config.protocol ?? detected.protocol, fields: config.fields && config.fields.length > 0 ? config.fields : detected.fields };
    ctx.data({ kind: 'detected', protocol: config.protocol ?? detected.protocol, fields: config.fields ?? detected.fields });
  }
  const protocol = config.protocol;
  const fields = config.fields;
  if (!protocol || !fields) throw new AssayError('INTERNAL', 'Stream started without a protocol.');
  const binary = binaryProtocol(protocol.kind);
  const decodeAvro = protocol.kind === 'avro' ? avroDecoder(protocol.schema) : null;
  let db: ReturnType<typeof connectForBulkWrites>;
  try {
    // Its commits (windows, recording counts) would otherwise run the checkpoints the storage thread puts off.
    db = connectForBulkWrites(spec.projectPath, { busyMs: busyTimeoutMs, autocheckpointPages: streamCheckpointPages });
    ensureStreamTable(db, streamId, fields);
    if (platform) ensurePositionColumns(db, streamId);
  } catch (err) {
    await source.stop();
    await thread?.worker.terminate();
    throw err;
  }
  const limit = queueLimit();
  const threaded = platform && thread ? new DeliveryThread(thread, { dbPath: spec.projectPath, streamId, fieldCount: fields.length, topic: platformLabel(platform), resume: checkpoints, busyMs: busyTimeoutMs }) : null;
  const delivery = threaded ?? (platform ? new DeliveryWriter(db, streamId, fields.length, platformLabel(platform), checkpoints) : null);
  const plain = delivery ? null : new StreamWriter(db, streamId, fields.length, limit);
  const writer: StreamWriter | DeliveryWriter | DeliveryThread = delivery ?? (plain as StreamWriter);
  if (delivery) delivery.onDurable = (positions) => source.acknowledge?.(positions);
  backlog = () => writer.pending;
  // Flush early enough that a burst between timer ticks cannot fill the queue by itself.
  const flushAt = Math.max(1, Math.min(flushAtRows, Math.floor(limit / 2)));

  let pipeline = new Pipeline(config.pipeline, fields);
  const frames = new FrameBuilder(streamId, pipeline.outputFields());
  // Headless (assay record): window rows still go out in frames, readings do not.
  const drawn = spec.frames !== false;
  const windows = new StreamWindows(db, streamId, config.name);
  windows.set(config.pipeline.windows ?? []);
  const rate = new RateEstimator(5);
  let state: StreamState = 'connecting';
  let recording: { id: number } | null = spec.recording ? { id: spec.recording.id } : null;
  let malformed = 0;
  let invalid = 0;
  let gaps = 0;
  let reconnects = 0;
  let lastError: string | null = null;
  let firstArrival = 0;
  let lastArrival = 0;
  let accepted = 0;
  let wasLive = false;
  // Set by the source's handlers (closures): widened so the check after the loop is not narrowed to null.
  let failure = null as string | null;

  const recordingCounts = new Map<number, number>();
  if (threaded) threaded.onRecordingCounts = (counts) => counts.forEach(([id, n]) => recordingCounts.set(id, (recordingCounts.get(id) ?? 0) + n));
  else
    (writer as StreamWriter | DeliveryWriter).onCommitted = (rows) => {
      for (const row of rows) {
        const id = row[2];
        if (id !== null) recordingCounts.set(id, (recordingCounts.get(id) ?? 0) + 1);
      }
    };
  const saveRecordingCounts = recordingCountSaver(db);
  const persistRecordingCounts = (): void => {
    if (recordingCounts.size === 0) return;
    saveRecordingCounts(recordingCounts);
    recordingCounts.clear();
  };

  const status = (): StreamStatus => ({
    streamId,
    state,
    readings: writer.stored,
    malformed,
    invalid,
    dropped: writer.dropped,
    gaps,
    reconnects,
    rateHz: finite(rate.rateHz()),
    jitterMs: finite(rate.jitterMs()),
    lastError,
    recordingId: recording?.id ?? null,
    ...(windows.active ? { windowRows: windows.stored, late: windows.late } : {}),
    ...(delivery ? { duplicatesSkipped: delivery.duplicatesSkipped, lag: source.lag?.() ?? [] } : {}),
  });
  const sendStatus = (): void => ctx.data({ kind: 'status', status: status() });

  let retryAt = 0;
  const flush = (): void => {
    // After a failure, wait before the next attempt: each one may block up to busyTimeoutMs.
    if (Date.now() < retryAt) return;
    try {
      writer.flush();
      windows.flush();
      persistRecordingCounts();
      retryAt = 0;
    } catch (err) {
      retryAt = Date.now() + 4 * busyTimeoutMs;
      // Another writer holds the project (or the disk is full): keep the queue; drops are counted if it fills.
      const message = err instanceof Error ? err.message : String(err);
      if (lastError !== message) ctx.log('warn', `stream ${streamId}: storing readings failed: ${message}`);
      lastError = `Storing readings failed: ${message}`;
    }
  };

  const deviceTimeIndex = config.deviceTimeField ? fields.findIndex((f) => f.name === config.deviceTimeField) : -1;
  const width = fields.length;

  const decode = (bytes: Uint8Array): ReturnType<typeof parseRecordObject> => {
    if (!decodeAvro) return parseF32Record(bytes, fields);
    try {
      return parseRecordObject(decodeAvro(bytes), fields);
    } catch (err) {
      return { error: `not an Avro record of the schema: ${err instanceof Error ? err.message : String(err)}` };
    }
  };

  /** Set once the last flush before closing a platform source begins. */
  let closing = false;
  const onMessage = (message: SourceMessage): void => {
    // Arrived after the last flush: not stored and never acknowledged, so the platform hands it to another
    // member of the group or durable, or to the next start. Storing it here too would keep it twice.
    if (closing) return;
    const parsed = binary ? decode(message.bytes ?? new Uint8Array(0)) : parseMessage(protocol, message.text ?? '', fields);
    if ('error' in parsed) {
      // Stores no row, but is settled (acknowledged) with the next commit, so it is not redelivered forever.
      if (delivery && message.position) delivery.settle(message.position);
      if (parsed.error === 'header') return;
      malformed++;
      if (malformed <= malformedEventLimit) {
        const raw = message.text ?? Buffer.from(message.bytes ?? []).toString('hex');
        writer.event(
          'malformed',
          { reason: parsed.error, raw: raw.slice(0, rawTextLimit), ...(message.topic ? { topic: message.topic } : {}), ...(message.position ? { ...message.position } : {}) },
          message.arrivedAt,
        );
      }
      return;
    }
    const t = message.arrivedAt;
    if (accepted === 0) firstArrival = t;
    lastArrival = t;
    accepted++;
    rate.add(t);
    const out = pipeline.step(t, parsed.values);
    if (out.invalid) invalid++;
    if (drawn) frames.add(t, out.slots, out.flags);
    // Windows see raw fields (a text key such as a site name) with the pipeline's outputs over them.
    if (windows.active) windows.add(t, { ...parsed.values, ...pipeline.valuesOf(out.slots) });
    const row = new Array<Value>(4 + width) as StreamReading;
    row[0] = t;
    const dt = deviceTimeIndex >= 0 ? parsed.values[fields[deviceTimeIndex].name] : null;
    row[1] = typeof dt === 'number' ? dt : null;
    row[2] = recording?.id ?? null;
    row[3] = out.flags.length > 0 ? JSON.stringify(out.flags) : null;
    for (let i = 0; i < width; i++) row[4 + i] = parsed.values[fields[i].name] ?? null;
    if (delivery) {
      if (message.position) delivery.add(row, message.position);
    } else plain?.add(row);
    if ((threaded ? threaded.queued : writer.pending) >= flushAt) flush();
  };

  const sendFrame = (): void => {
    const frame = frames.take();
    const rows = windows.takeRows();
    if (rows) ctx.data({ kind: 'frame', frame: { ...(frame ?? { streamId, t: [], series: {}, anomalies: [], newestArrival: 0 }), windows: rows } });
    else if (frame) ctx.data({ kind: 'frame', frame });
  };

  ctx.onControl((command) => {
    switch (command.kind) {
      case 'recording-start':
        recording = { id: command.recordingId };
        writer.event('start', { recordingId: command.recordingId, label: command.label });
        break;
      case 'recording-stop':
        if (recording) writer.event('stop', { recordingId: recording.id });
        recording = null;
        // Stored before the status goes out, so the host reads a final count for the recording.
        threaded?.drain(drainMs);
        flush();
        break;
      case 'pipeline':
        try {
          const next = new Pipeline(command.pipeline, fields);
          windows.set(command.pipeline.windows ?? []);
          sendFrame();
          pipeline = next;
          frames.setFields(pipeline.outputFields());
        } catch (err) {
          lastError = `Pipeline refused: ${err instanceof Error ? err.message : String(err)}`;
        }
        break;
    }
    sendStatus();
  });

  let resolveEnd: (reason: string) => void = () => undefined;
  const ended = new Promise<string>((resolve) => {
    resolveEnd = resolve;
  });
  const onAbort = (): void => resolveEnd('stopped');
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const durationTimer = spec.durationSeconds && spec.durationSeconds > 0 ? setTimeout(() => resolveEnd('duration'), spec.durationSeconds * 1000) : null;

  writer.event('start', { recordingId: recording?.id ?? null, source: config.source.kind });
  const flushTimer = setInterval(flush, flushIntervalMs);
  const frameTimer = setInterval(sendFrame, frameIntervalMs);
  const statusTimer = setInterval(sendStatus, statusIntervalMs);
  sendStatus();
  try {
    handlers = {
      onMessage,
      onState(next, detail) {
        if (next === 'live' && wasLive && state === 'reconnecting') {
          reconnects++;
          writer.event('reconnect', { detail: detail ?? null });
        }
        if (next === 'live') wasLive = true;
        if (next === 'reconnecting' || next === 'failed') {
          lastError = detail ?? next;
          writer.event('error', { state: next, detail: detail ?? null });
        }
        state = next;
        sendStatus();
        if (next === 'failed') {
          failure = detail ?? 'the source failed';
          resolveEnd('failed');
        }
      },
      onGap(from, to, reason) {
        gaps++;
        writer.event('gap', { from, to, seconds: (to - from) / 1000, reason }, from);
      },
      onEnd() {
        resolveEnd('end');
      },
    };
    if (started) {
      // Replay what arrived while detecting, in order, through the normal path.
      for (const [st, d] of earlyStates) handlers.onState(st, d);
      for (const [f, t, r] of earlyGaps) handlers.onGap(f, t, r);
      for (const m of early.splice(0)) handlers.onMessage(m);
      if (earlyEnd) resolveEnd('end');
    } else await source.start(proxy);
    if (!ctx.signal.aborted) await ended;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    if (durationTimer) clearTimeout(durationTimer);
    clearInterval(frameTimer);
    clearInterval(statusTimer);
    // Stored and acknowledged while the platform connection is still open: fewer redeliveries next start.
    if (delivery) {
      closing = true;
      flush();
      threaded?.drain(drainMs);
    }
    await source.stop();
    clearInterval(flushTimer);
    windows.close();
    sendFrame();
    // Everything already received is stored before the job ends: retry a busy project a few times.
    writer.event('stop', { readings: writer.stored + writer.pending, malformed, dropped: writer.dropped, gaps });
    if (malformed > malformedEventLimit) writer.event('malformed', { suppressed: malformed - malformedEventLimit, note: 'counted only' });
    // At least once: the stop event (and a gap the source recorded as it closed) are not counted in pending.
    for (let attempt = 0; attempt < 40 && (attempt === 0 || writer.pending > 0 || windows.pending || lastError !== null); attempt++) {
      lastError = null;
      retryAt = 0;
      flush();
      if (threaded && !threaded.drain(drainMs)) lastError ??= 'rows not stored yet';
      try {
        // Counts the drain reported: saved now.
        persistRecordingCounts();
      } catch (err) {
        lastError ??= err instanceof Error ? err.message : String(err);
      }
      if (lastError === null) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await threaded?.close();
    if (recording) stopRecording(db, recording.id);
    addStreamReadings(db, streamId, writer.stored);
    state = 'stopped';
    sendStatus();
    db.close();
  }
  // A platform source that cannot go on (refused login, deleted stream) fails the job: what it stored is kept.
  if (platform && failure !== null) throw new AssayError('IO', `${failure.replace(/\.$/, '')} (${writer.stored} readings stored before; nothing acknowledged was lost).`);
  const seconds = (lastArrival - firstArrival) / 1000;
  return {
    streamId,
    recordingId: spec.recording?.id ?? null,
    readings: writer.stored,
    malformed,
    dropped: writer.dropped,
    gaps,
    rateHz: accepted > 1 && seconds > 0 ? accepted / seconds : finite(rate.rateHz()),
    ...(windows.active ? { windowRows: windows.stored, late: windows.late } : {}),
    ...(delivery ? { duplicatesSkipped: delivery.duplicatesSkipped, lag: source.lag?.() ?? [], offsets: delivery.offsets() } : {}),
  };
}

/** Best effort: the job's own error is what the user must see, so a project too busy to take the event does not replace it. */
function recordFailureEvent(projectPath: string, streamId: number, detail: Record<string, unknown>): void {
  try {
    const db = connectForBulkWrites(projectPath, { busyMs: busyTimeoutMs });
    try {
      addStreamEvent(db, streamId, { at: Date.now(), kind: 'error', detail: JSON.stringify(detail) });
    } finally {
      db.close();
    }
  } catch {
    // the project is busy or gone: the job's error says it all
  }
}

/** The project's checkpoints of a platform stream (none before its first start). */
function readCheckpoints(projectPath: string, streamId: number): Checkpoint[] {
  const db = connect(projectPath, true);
  try {
    return loadCheckpoints(db, streamId);
  } finally {
    db.close();
  }
}

/** ASSAY_STREAM_QUEUE_LIMIT lets tests overflow the queue without holding 200,000 readings back. */
function queueLimit(): number {
  const fromEnv = Number(process.env['ASSAY_STREAM_QUEUE_LIMIT']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultQueueLimit;
}

function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}
