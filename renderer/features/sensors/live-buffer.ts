import type { LiveFrame, StreamHistory } from '../../../preload/contract';
import { notifyFrame } from './live-subscribers';
import { SeriesRing } from './ring';

export interface Anomaly {
  readonly t: number;
  readonly field: string;
  readonly reason: string;
}

/** The largest window the live view offers, plus slack so a paused view keeps its data a while. */
export const keepMs = 12 * 60_000;
/** Frames are already decimated by the host (≤ ~30/s), so this holds well over 10 minutes of display points. */
export const ringCapacity = 120_000;
const maxAnomalies = 2_000;

/**
 * Everything the live view draws for one stream. Lives outside React: frames
 * arrive up to ~30 times a second and only the draw loop reads them.
 */
export class StreamBuffer {
  readonly ring: SeriesRing;
  anomalies: Anomaly[] = [];
  /** Bumped on every merge; the draw loop redraws only when it moved. */
  version = 0;
  /** Points merged since the buffer was made (display points, not stored readings). */
  received = 0;
  /** Host arrival time (ms) of the newest message merged: latency = draw time − this. */
  newestArrival = 0;
  /** Stored readings fetched for a scrolled-back, paused view. */
  history: StreamHistory | null = null;

  constructor(capacity = ringCapacity) {
    this.ring = new SeriesRing(capacity);
  }
}

/** Merges one frame; returns whether it brought a series the buffer had not seen (the plots to show changed). */
export function mergeFrame(buffer: StreamBuffer, frame: LiveFrame, keep = keepMs): boolean {
  const before = buffer.ring.names().length;
  buffer.ring.append(frame.t, frame.series);
  if (frame.anomalies.length > 0) {
    buffer.anomalies.push(...frame.anomalies);
    if (buffer.anomalies.length > maxAnomalies) buffer.anomalies.splice(0, buffer.anomalies.length - maxAnomalies);
  }
  const newest = buffer.ring.newest;
  if (newest !== null) {
    buffer.ring.trimBefore(newest - keep);
    const cut = newest - keep;
    if (buffer.anomalies.length > 0 && (buffer.anomalies[0]?.t ?? Infinity) < cut) buffer.anomalies = buffer.anomalies.filter((a) => a.t >= cut);
  }
  buffer.received += frame.t.length;
  buffer.newestArrival = Math.max(buffer.newestArrival, frame.newestArrival);
  buffer.version++;
  return buffer.ring.names().length !== before;
}

const buffers = new Map<number, StreamBuffer>();

export function bufferFor(streamId: number): StreamBuffer {
  let b = buffers.get(streamId);
  if (!b) {
    b = new StreamBuffer();
    buffers.set(streamId, b);
  }
  return b;
}

/** Called by the bridge for every stream:frame push. */
export function ingestFrame(frame: LiveFrame): { readonly newSeries: boolean; readonly names: readonly string[] } {
  const b = bufferFor(frame.streamId);
  const newSeries = mergeFrame(b, frame);
  notifyFrame(frame.streamId, frame);
  return { newSeries, names: newSeries ? b.ring.names() : [] };
}

export function resetBuffers(): void {
  buffers.clear();
}
