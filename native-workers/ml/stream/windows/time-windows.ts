import { Accumulator } from './accumulator';
import type { AggregatePlan } from './plan';
import type { Emit, Group, KeyPart, WindowStore } from './types';

interface TimeWindow {
  readonly start: number;
  readonly end: number;
  readonly groups: Map<KeyPart, Group>;
  fired: boolean;
}

/**
 * Tumbling (slide = size) and sliding windows aligned to the epoch, as
 * pandas' resample(origin='epoch'): window k is [k·slide, k·slide + size).
 * A window fires once the watermark reaches its end and is freed once the
 * watermark passes end + lateness; in between, events still update it.
 */
export class TimeWindows implements WindowStore {
  private readonly windows = new Map<number, TimeWindow>();
  /** The earliest end among unfired windows (and end + lateness among fired ones): nothing to do before. */
  private nextDue = Infinity;
  private last: TimeWindow | null = null;
  groups = 0;

  constructor(
    private readonly plan: AggregatePlan,
    private readonly sizeMs: number,
    private readonly slideMs: number,
    private readonly latenessMs: number,
    private readonly emit: Emit,
  ) {}

  add(t: number, key: KeyPart, parts: readonly KeyPart[], values: ArrayLike<number>, watermark: number): boolean {
    const last = this.last;
    // The common case: a tumbling window and the same window as the event before.
    if (last !== null && this.slideMs === this.sizeMs && t >= last.start && t < last.end && !last.fired) {
      this.addTo(last, key, parts, values, false);
      return true;
    }
    let taken = false;
    const first = Math.floor((t - this.sizeMs) / this.slideMs) + 1;
    const lastK = Math.floor(t / this.slideMs);
    for (let k = first; k <= lastK; k++) {
      const start = k * this.slideMs;
      const end = start + this.sizeMs;
      if (end + this.latenessMs <= watermark) continue;
      let w = this.windows.get(start);
      if (!w) {
        w = { start, end, groups: new Map(), fired: false };
        this.windows.set(start, w);
        if (end < this.nextDue) this.nextDue = end;
      }
      this.addTo(w, key, parts, values, w.fired);
      this.last = w;
      taken = true;
    }
    return taken;
  }

  advance(watermark: number): void {
    if (watermark < this.nextDue) return;
    let next = Infinity;
    const due = [...this.windows.values()].filter((w) => (w.fired ? w.end + this.latenessMs : w.end) <= watermark);
    due.sort((a, b) => a.end - b.end);
    for (const w of due) {
      if (!w.fired) {
        w.fired = true;
        for (const g of w.groups.values()) this.emit(w.start, w.end, g);
      }
      if (w.end + this.latenessMs <= watermark) {
        this.windows.delete(w.start);
        this.groups -= w.groups.size;
        if (this.last === w) this.last = null;
      }
    }
    for (const w of this.windows.values()) next = Math.min(next, w.fired ? w.end + this.latenessMs : w.end);
    this.nextDue = next;
  }

  private addTo(w: TimeWindow, key: KeyPart, parts: readonly KeyPart[], values: ArrayLike<number>, fired: boolean): void {
    let g = w.groups.get(key);
    if (!g) {
      g = { key: parts, acc: new Accumulator(this.plan), revision: -1 };
      w.groups.set(key, g);
      this.groups++;
    }
    g.acc.add(values);
    // A late event within the lateness: the window's row is emitted again, updated.
    if (fired) this.emit(w.start, w.end, g);
  }
}
