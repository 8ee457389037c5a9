import type { WindowAggregation } from '../../../../preload/contract/sensors';
import { planAggregates, windowProblems, type AggregatePlan } from './plan';
import { SessionWindows } from './session-windows';
import { TimeWindows } from './time-windows';
import type { Emit, KeyPart, WindowStore } from './types';

/** A window's result for one key, as the operator emits it. */
export interface WindowResult {
  readonly start: number;
  readonly end: number;
  readonly key: readonly KeyPart[];
  readonly events: number;
  readonly values: readonly (number | null)[];
  readonly revision: number;
  /** Starts of this key's earlier rows that this one supersedes: sessions a late event merged. */
  readonly replaces?: readonly number[];
}

/** An event too late for every window it belongs to (its values copied; NaN = missing). */
export interface LateEvent {
  readonly t: number;
  readonly key: readonly KeyPart[];
  readonly values: readonly number[];
}

export interface WindowSink {
  result(row: WindowResult): void;
  /** Only with late: 'keep'. */
  late?(event: LateEvent): void;
}

/**
 * Event-time windowed aggregation. The watermark is the newest event time
 * minus the allowed out-of-orderness; a window is emitted when the watermark
 * reaches its end, updated (and emitted again) by events up to the allowed
 * lateness after that, then freed. Events later than that are counted as
 * late, and passed to sink.late when kept. State is held only for windows
 * the watermark has not freed.
 */
export class WindowOperator {
  readonly plan: AggregatePlan;
  watermark = -Infinity;
  /** Events too late for any window (kept or dropped). */
  late = 0;
  /** Events taken into at least one window. */
  taken = 0;
  private maxTime = -Infinity;
  private readonly outOfOrderMs: number;
  private readonly keep: boolean;
  private readonly store: WindowStore;

  constructor(
    readonly spec: WindowAggregation,
    private readonly sink: WindowSink,
  ) {
    const problem = windowProblems(spec);
    if (problem) throw new Error(problem);
    this.plan = planAggregates(spec.aggregates);
    this.outOfOrderMs = (spec.outOfOrderSeconds ?? 0) * 1000;
    this.keep = (spec.late ?? 'keep') === 'keep';
    const latenessMs = (spec.allowedLatenessSeconds ?? 0) * 1000;
    const emit: Emit = (start, end, g, replaces) => {
      g.revision++;
      const row = { start, end, key: g.key, events: g.acc.events, values: g.acc.results(), revision: g.revision };
      sink.result(replaces && replaces.length > 0 ? { ...row, replaces } : row);
    };
    const w = spec.window;
    this.store =
      w.kind === 'session'
        ? new SessionWindows(this.plan, w.gapSeconds * 1000, latenessMs, emit)
        : new TimeWindows(this.plan, w.sizeSeconds * 1000, (w.kind === 'sliding' ? w.slideSeconds : w.sizeSeconds) * 1000, latenessMs, emit);
  }

  /** Window×key groups held in memory now. */
  get groups(): number {
    return this.store.groups;
  }

  /**
   * One event: t in ms, key its groupBy values (see keyString), values the
   * plan's fields as numbers (NaN when missing). A non-finite t is refused.
   */
  add(t: number, key: readonly KeyPart[], values: ArrayLike<number>): void {
    if (!Number.isFinite(t)) throw new Error('An event time must be a finite number of ms.');
    if (this.store.add(t, keyString(key), key, values, this.watermark)) this.taken++;
    else {
      this.late++;
      if (this.keep) this.sink.late?.({ t, key, values: Array.from(values) });
    }
    if (t > this.maxTime) {
      this.maxTime = t;
      this.advance(t - this.outOfOrderMs);
    }
  }

  /** Moves the watermark forward (never back), emitting and freeing what it closes. */
  advance(watermark: number): void {
    if (watermark <= this.watermark) return;
    this.watermark = watermark;
    this.store.advance(watermark);
  }

  /** End of the stream: every window is emitted and freed. */
  flush(): void {
    this.advance(Infinity);
  }
}

/**
 * A Map key per distinct groupBy value list. One part is its own key (a Map
 * tells 1 from "1" and needs no string built per event); several are joined
 * into a string with their types marked, so ["1", 2] ≠ [1, "2"].
 */
export function keyString(parts: readonly KeyPart[]): KeyPart {
  if (parts.length === 1) return parts[0];
  let s = '';
  for (const p of parts) s += (typeof p === 'string' ? `s${p}` : p === null ? 'z' : `n${p}`) + '\u001f';
  return s;
}
