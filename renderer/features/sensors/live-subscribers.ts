import type { LiveFrame } from '../../../preload/contract';

/** Called with each merged frame of a stream, or null when its buffer changed otherwise (stored readings fetched). */
export type FrameListener = (frame: LiveFrame | null) => void;

const listeners = new Map<number, Set<FrameListener>>();

/** The live view listens while it shows the stream; returns the unsubscribe. */
export function onStreamFrames(streamId: number, listener: FrameListener): () => void {
  let set = listeners.get(streamId);
  if (!set) {
    set = new Set();
    listeners.set(streamId, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

export function notifyFrame(streamId: number, frame: LiveFrame | null): void {
  for (const l of listeners.get(streamId) ?? []) l(frame);
}
