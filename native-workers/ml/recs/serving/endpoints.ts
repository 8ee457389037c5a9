/**
 * POST /recommend, POST /events and POST /feedback for one or two served recommenders (an A/B split by user),
 * shared by the app's model server and an exported bundle's server.js: the HTTP plumbing (guards,
 * bodies, logs) is each server's; what is answered, and how clicks are counted, is here.
 */
import { abStats, armStats, inCandidateArm, type AbStats } from './ab';
import type { LiveRecommender } from './live';
import { checkEventsRequest, checkRecommendRequest, checkRecsFeedbackRequest, type EventRequest } from './request';

export interface RecsArm {
  readonly model: string;
  readonly version: number;
  readonly live: LiveRecommender;
}

export interface EndpointAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** An event as it is kept for the next retraining. */
export interface StoredEvent extends EventRequest {
  readonly knownItem: boolean;
}

export interface EndpointOptions {
  /** Makes a recommendation id (randomUUID in Node; injected so this stays pure). */
  readonly newId: () => string;
  /** Recommendation ids remembered for clicks, oldest forgotten first. Default 200,000. */
  readonly rememberIds?: number;
}

interface Counts {
  shown: number;
  clicked: number;
  converted: number;
}

/** A served list: the arm that served it, and whether a click and a conversion were counted for it. */
interface Served {
  readonly arm: string;
  clicked: boolean;
  converted: boolean;
}

const defaultRememberIds = 200_000;

const key = (a: { model: string; version: number }): string => `${a.model}@${a.version}`;

export class RecsEndpoints {
  private primary: RecsArm;
  private candidate: RecsArm | null;
  private percent: number;
  private readonly counts = new Map<string, Counts>();
  /** Served list id → what it led to. */
  private readonly served = new Map<string, Served>();

  constructor(primary: RecsArm, candidate: RecsArm | null, percent: number, private readonly opts: EndpointOptions) {
    this.primary = primary;
    this.candidate = candidate;
    // Read only while there is a candidate (armOf).
    this.percent = percent;
  }

  /** Replaces the arms (hot swap, a new split); counts of versions still served are kept. */
  setArms(primary: RecsArm, candidate: RecsArm | null, percent: number): void {
    this.primary = primary;
    this.candidate = candidate;
    this.percent = percent;
  }

  /** The arm a user is served by. */
  armOf(user: string): RecsArm {
    return this.candidate && inCandidateArm(user, this.percent) ? this.candidate : this.primary;
  }

  recommend(text: string): EndpointAnswer & { arm: RecsArm | null } {
    const checked = checkRecommendRequest(text);
    if (!checked.ok) return { status: checked.status, body: { error: checked.error, details: [] }, arm: null };
    const arm = this.armOf(checked.value.user);
    const answer = arm.live.recommend(checked.value);
    const id = this.opts.newId();
    this.remember(id, key(arm));
    this.countsOf(key(arm)).shown++;
    return { status: 200, body: { id, model: arm.model, version: arm.version, ...answer }, arm };
  }

  events(text: string): EndpointAnswer & { stored: readonly StoredEvent[] } {
    const checked = checkEventsRequest(text);
    if (!checked.ok) return { status: checked.status, body: { error: checked.error, details: [] }, stored: [] };
    const stored: StoredEvent[] = [];
    const unknownItems = new Set<string>();
    let applied = 0;
    let newUsers = 0;
    let clicks = 0;
    let unknownRecommendations = 0;
    for (const e of checked.value) {
      const mine = this.armOf(e.user);
      // Both arms learn the event: a user moved between arms by a new split keeps their history.
      for (const arm of this.arms()) {
        const out = arm.live.event(e);
        if (arm !== mine) continue;
        if (out.applied) applied++;
        else unknownItems.add(e.item);
        if (out.newUser) newUsers++;
        stored.push({ ...e, knownItem: out.applied });
      }
      if (e.recommendationId !== undefined) {
        const counted = this.count(e.recommendationId, 'click');
        if (counted === null) unknownRecommendations++;
        else if (counted) clicks++;
      }
    }
    return {
      status: 200,
      body: {
        received: checked.value.length,
        applied,
        newUsers,
        clicks,
        ...(unknownItems.size ? { unknownItems: [...unknownItems].slice(0, 20), note: 'Items the model was not trained on are kept for the next retraining and not recommended until then.' } : {}),
        ...(unknownRecommendations ? { unknownRecommendations } : {}),
      },
      stored,
    };
  }

  /**
   * POST /feedback {id, event: "click" | "conversion"} (or {feedback: […]}): what a served list
   * led to, counted once per list and event for the arm that served it. Ids nobody served (or
   * served so long ago they were forgotten) are counted and named; when none is known, 404.
   */
  feedback(text: string): EndpointAnswer {
    const checked = checkRecsFeedbackRequest(text);
    if (!checked.ok) return { status: checked.status, body: { error: checked.error, details: [] } };
    let clicks = 0;
    let conversions = 0;
    let repeated = 0;
    const unknown: string[] = [];
    for (const f of checked.value) {
      const counted = this.count(f.id, f.event);
      if (counted === null) unknown.push(f.id);
      else if (!counted) repeated++;
      else if (f.event === 'click') clicks++;
      else conversions++;
    }
    const cap = this.opts.rememberIds ?? defaultRememberIds;
    if (unknown.length === checked.value.length) {
      return { status: 404, body: { error: `No list was served with id ${unknown.slice(0, 5).map((u) => `"${u}"`).join(', ')}: send the "id" of a /recommend answer (the last ${cap.toLocaleString('en-US')} are remembered).`, details: [] } };
    }
    return {
      status: 200,
      body: {
        received: checked.value.length,
        clicks,
        conversions,
        // A list counts once per event: a second click on it changes nothing.
        ...(repeated ? { alreadyCounted: repeated } : {}),
        ...(unknown.length ? { unknownIds: unknown.slice(0, 20) } : {}),
      },
    };
  }

  /** Click-through and conversion per arm (served lists, lists clicked or converted), with intervals and the tests between arms. */
  stats(): AbStats {
    const arm = (a: RecsArm, role: 'primary' | 'candidate') => {
      const c = this.countsOf(key(a));
      return armStats(a.model, a.version, role, c.shown, c.clicked, c.converted);
    };
    return abStats([arm(this.primary, 'primary'), ...(this.candidate ? [arm(this.candidate, 'candidate')] : [])]);
  }

  private arms(): RecsArm[] {
    return this.candidate ? [this.primary, this.candidate] : [this.primary];
  }

  /** Counts a click or conversion on a served list: true when counted, false when it already was, null for an unknown id. */
  private count(id: string, event: 'click' | 'conversion'): boolean | null {
    const s = this.served.get(id);
    if (!s) return null;
    const c = this.countsOf(s.arm);
    if (event === 'click') {
      if (s.clicked) return false;
      s.clicked = true;
      c.clicked++;
    } else {
      if (s.converted) return false;
      s.converted = true;
      c.converted++;
    }
    return true;
  }

  private countsOf(k: string): Counts {
    let c = this.counts.get(k);
    if (!c) {
      c = { shown: 0, clicked: 0, converted: 0 };
      this.counts.set(k, c);
    }
    return c;
  }

  private remember(id: string, arm: string): void {
    this.served.set(id, { arm, clicked: false, converted: false });
    const cap = this.opts.rememberIds ?? defaultRememberIds;
    if (this.served.size > cap) this.served.delete(this.served.keys().next().value!);
  }
}
