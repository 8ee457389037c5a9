import type { Accumulator } from './accumulator';

/** A groupBy value. */
export type KeyPart = number | string | null;

/** One window's (or session's) state for one key. */
export interface Group {
  readonly key: readonly KeyPart[];
  readonly acc: Accumulator;
  /** −1 until first emitted. */
  revision: number;
}

/** Where a window store sends what it closes; replaces: starts of this key's earlier rows it supersedes (merged sessions). */
export type Emit = (start: number, end: number, group: Group, replaces?: readonly number[]) => void;

/** Tumbling/sliding windows and session windows keep their state differently; the operator drives both alike. */
export interface WindowStore {
  /** Adds an event to every window it belongs to; false when it is too late for all of them. */
  add(t: number, key: KeyPart, parts: readonly KeyPart[], values: ArrayLike<number>, watermark: number): boolean;
  /** Emits the windows the watermark closed and frees those past the allowed lateness. */
  advance(watermark: number): void;
  /** Open (and retained) window×key groups: what the operator holds in memory. */
  readonly groups: number;
}
