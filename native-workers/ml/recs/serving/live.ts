/**
 * A served recommender that learns as it serves: the stored artifact plus the events that
 * arrived since, per user. A user with new events is asked with their whole history and no
 * stored vector, so ALS folds them in again (exact, item factors fixed, cached YᵀY), item-kNN
 * and content score the new history, and a brand-new user stops being cold from the first
 * event on. Pure: the app's model server and the exported bundle's server both run it, so they
 * answer the same requests the same way.
 */
import { recommend, RecommendScratch, type RecsModel } from '../model';
import type { UserQuery } from '../query';
import { prepareFactors } from '../rank-factors';
import type { RecsArtifact } from '../serialize';

export interface RecommendAsk {
  readonly user: string;
  readonly k: number;
  readonly excludeSeen: boolean;
  /** Rank only these items (ids); unknown ones are skipped. */
  readonly only?: readonly string[];
  /** Never recommend these items (ids). */
  readonly exclude?: readonly string[];
}

export interface RecommendedItem {
  readonly item: string;
  readonly score: number;
  readonly reason: 'history' | 'popular';
  /** History items that led to it, most influential first. */
  readonly because: readonly string[];
}

export interface RecommendAnswer {
  readonly user: string;
  /** True when the model knows nothing of this user: the items are the popular ones. */
  readonly coldStart: boolean;
  /** Why the answer is what it is, when it is not the user's own history at work. */
  readonly note?: string;
  readonly items: readonly RecommendedItem[];
}

export interface RecsEvent {
  readonly user: string;
  readonly item: string;
  /** Default 1. Implicit feedback adds up, as training does with duplicates; an explicit rating replaces the user's last one for the item. */
  readonly weight?: number;
}

export interface EventOutcome {
  /** False for an item the model was not trained on: kept for retraining, not used until then. */
  readonly applied: boolean;
  readonly newUser: boolean;
  /** The user's history length after the event (items the model knows). */
  readonly historyItems: number;
}

/** A user's history as item index → weight (insertion order kept, so answers do not depend on timing). */
type History = Map<number, number>;

export class LiveRecommender {
  readonly model: RecsModel;
  private readonly userIndex = new Map<string, number>();
  private readonly itemIndex = new Map<string, number>();
  /** Users with events since the artifact was trained: their whole history, stored part included. */
  private readonly changed = new Map<string, History>();
  /** Score and mask buffers reused by every request (one thread answers them one at a time). */
  private readonly scratch: RecommendScratch;

  constructor(private readonly artifact: RecsArtifact) {
    this.model = artifact.model;
    artifact.userIds.forEach((u, i) => this.userIndex.set(u, i));
    this.model.itemIds.forEach((it, j) => this.itemIndex.set(it, j));
    this.scratch = new RecommendScratch(this.model.itemIds.length);
    // The float32 factors serving ranks with are made here, so the first request is not the slow one.
    if (this.model.kind === 'als' || this.model.kind === 'bpr') prepareFactors(this.model);
  }

  get users(): number {
    return this.userIndex.size;
  }

  get items(): number {
    return this.model.itemIds.length;
  }

  /** The user's history as the model sees it now (item ids and weights), for an inspector. */
  history(user: string): { item: string; weight: number }[] {
    const h = this.historyOf(user);
    return [...h].map(([j, w]) => ({ item: this.model.itemIds[j]!, weight: w }));
  }

  recommend(ask: RecommendAsk): RecommendAnswer {
    const q = this.query(ask.user);
    const candidates = ask.only ? this.indices(ask.only) : null;
    const exclude = ask.exclude ? this.indices(ask.exclude) : null;
    const r = recommend(this.model, q, ask.k, { excludeSeen: ask.excludeSeen, scratch: this.scratch, ...(candidates ? { candidates } : {}), ...(exclude ? { exclude } : {}) });
    const ids = this.model.itemIds;
    const known = this.userIndex.has(ask.user) || this.changed.has(ask.user);
    const note = r.coldStart
      ? known
        ? 'The model has no history it can use for this user: these are the popular items.'
        : 'Unknown user: these are the popular items. Send their events to POST /events to personalise.'
      : r.items.length === 0
        ? 'Nothing is left to recommend after the filters and the items already seen.'
        : undefined;
    return {
      user: ask.user,
      coldStart: r.coldStart,
      ...(note ? { note } : {}),
      items: r.items.map((x) => ({ item: ids[x.item]!, score: x.score, reason: x.reason, because: x.because.map((h) => ids[h]!) })),
    };
  }

  /** Adds an interaction; the next recommend() for this user reflects it. */
  event(e: RecsEvent): EventOutcome {
    const j = this.itemIndex.get(e.item);
    const newUser = !this.userIndex.has(e.user) && !this.changed.has(e.user);
    if (j === undefined) return { applied: false, newUser, historyItems: this.historyOf(e.user).size };
    let h = this.changed.get(e.user);
    if (!h) {
      h = new Map(this.historyOf(e.user));
      this.changed.set(e.user, h);
    }
    h.set(j, this.artifact.feedback === 'explicit' ? (e.weight ?? 1) : (h.get(j) ?? 0) + (e.weight ?? 1));
    return { applied: true, newUser, historyItems: h.size };
  }

  private historyOf(user: string): History {
    const c = this.changed.get(user);
    if (c) return c;
    const u = this.userIndex.get(user);
    const h: History = new Map();
    if (u === undefined) return h;
    const { indptr, indices, data } = this.artifact.history;
    for (let p = indptr[u]!; p < indptr[u + 1]!; p++) h.set(indices[p]!, data[p]!);
    return h;
  }

  private query(user: string): UserQuery {
    const c = this.changed.get(user);
    if (c) return { user: null, items: Int32Array.from(c.keys()), weights: Float64Array.from(c.values()) };
    const u = this.userIndex.get(user);
    if (u === undefined) return { user: null, items: new Int32Array(0), weights: new Float64Array(0) };
    const { indptr, indices, data } = this.artifact.history;
    const a = indptr[u]!;
    const b = indptr[u + 1]!;
    return { user: u, items: Int32Array.from(indices.subarray(a, b)), weights: Float64Array.from(data.subarray(a, b)) };
  }

  /** Known items' indices, each once (unknown ids are skipped: a filter naming them just matches nothing). */
  private indices(ids: readonly string[]): Int32Array {
    return Int32Array.from(new Set(ids.flatMap((id) => this.itemIndex.get(id) ?? [])));
  }
}
