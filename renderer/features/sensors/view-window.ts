import type { StreamBuffer } from './live-buffer';
import type { WindowData } from './ring';
import type { LiveViewState } from './slice';

export interface ViewWindow {
  readonly from: number;
  readonly to: number;
  readonly data: WindowData;
  /** Where the points came from: the live ring, or stored readings fetched for a scrolled-back view. */
  readonly source: 'live' | 'history';
}

/**
 * What the plots show. Live: the last `windowMs` up to the newest point. Paused:
 * a fixed window ending at `viewEnd`, so points that keep arriving change
 * nothing on screen; scrolled back past the pause, the fetched history.
 */
export function viewWindow(buffer: StreamBuffer, view: LiveViewState, now: number): ViewWindow {
  const newest = buffer.ring.newest ?? now;
  const to = view.paused ? (view.viewEnd ?? view.pausedAt ?? newest) : newest;
  const from = to - view.windowMs;
  const h = buffer.history;
  const scrolledBack = view.paused && view.pausedAt !== null && to < view.pausedAt;
  if (scrolledBack && h && h.to === to) return { from, to, data: { t: [...h.t], series: Object.fromEntries(Object.entries(h.series).map(([k, v]) => [k, [...v]])) }, source: 'history' };
  return { from, to, data: buffer.ring.window(from, to), source: 'live' };
}

export const stepMs = 60_000;

/** "back 1 min": never before the oldest data we could have, i.e. unbounded; the host answers with what it stored. */
export function stepBack(view: LiveViewState): number | null {
  return view.viewEnd === null ? null : view.viewEnd - stepMs;
}

/** "1 min forward": never past the moment the view was paused. */
export function stepForward(view: LiveViewState): number | null {
  if (view.viewEnd === null || view.pausedAt === null) return null;
  return Math.min(view.pausedAt, view.viewEnd + stepMs);
}
