import { Accumulator } from './accumulator';
import type { AggregatePlan } from './plan';
import type { Emit, Group, KeyPart, WindowStore } from './types';

interface Session extends Group {
  first: number;
  last: number;
  fired: boolean;
}

/**
 * Session windows per key: events less than gap apart share a session, which
 * spans [first, last + gap) and closes when the watermark reaches its end. An
 * event that falls between two sessions merges them (their aggregates merge).
 */
export class SessionWindows implements WindowStore {
  private readonly sessions = new Map<KeyPart, Session[]>();
  private nextDue = Infinity;
  groups = 0;

  constructor(
    private readonly plan: AggregatePlan,
    private readonly gapMs: number,
    private readonly latenessMs: number,
    private readonly emit: Emit,
  ) {}

  add(t: number, key: KeyPart, parts: readonly KeyPart[], values: ArrayLike<number>, watermark: number): boolean {
    let list = this.sessions.get(key);
    if (!list) {
      list = [];
      this.sessions.set(key, list);
    }
    const hits: Session[] = [];
    for (const s of list) if (t > s.first - this.gapMs && t < s.last + this.gapMs) hits.push(s);
    if (hits.length === 0 && t + this.gapMs + this.latenessMs <= watermark) return false;
    let s: Session;
    // Emitted sessions whose start moves (merged or extended backwards): their rows are superseded.
    const first = Math.min(t, ...hits.map((h) => h.first));
    const replaces = hits.filter((h) => h.revision >= 0 && h.first !== first).map((h) => h.first);
    if (hits.length === 0) {
      s = { key: parts, acc: new Accumulator(this.plan), revision: -1, first: t, last: t, fired: false };
      list.push(s);
      this.groups++;
    } else {
      s = hits[0];
      for (const other of hits.slice(1)) {
        s.acc.merge(other.acc);
        s.first = Math.min(s.first, other.first);
        s.last = Math.max(s.last, other.last);
        s.fired ||= other.fired;
        s.revision = Math.max(s.revision, other.revision);
        list.splice(list.indexOf(other), 1);
        this.groups--;
      }
      s.first = Math.min(s.first, t);
      s.last = Math.max(s.last, t);
    }
    s.acc.add(values);
    const end = s.last + this.gapMs;
    if (s.fired) this.emit(s.first, end, s, replaces);
    else if (end < this.nextDue) this.nextDue = end;
    return true;
  }

  advance(watermark: number): void {
    if (watermark < this.nextDue) return;
    const due: Session[] = [];
    let next = Infinity;
    for (const [key, list] of this.sessions) {
      for (let i = list.length - 1; i >= 0; i--) {
        const s = list[i];
        const end = s.last + this.gapMs;
        if (!s.fired && end <= watermark) due.push(s);
        if (end + this.latenessMs <= watermark) {
          list.splice(i, 1);
          this.groups--;
        } else next = Math.min(next, s.fired || end <= watermark ? end + this.latenessMs : end);
      }
      if (list.length === 0) this.sessions.delete(key);
    }
    due.sort((a, b) => a.last - b.last);
    for (const s of due) {
      s.fired = true;
      this.emit(s.first, s.last + this.gapMs, s);
    }
    this.nextDue = next;
  }
}
