/**
 * Interaction data → the user×item matrix every model trains on. Users and items are indexed
 * in first-seen order (so a rerun on the same rows gives the same indices); the matrix is kept
 * both ways (users → items for the user-side loops, items → users for the item side).
 */
import { RecsInputError } from './errors';
import type { Cell } from '../../../preload/contract/types';
import { parseIsoDate } from '../tabular/dates';
import { csrFromTriples, transpose, type Csr } from './csr';

/** Implicit: weights are counts or strengths (views, purchases), duplicates add up. Explicit: ratings, the latest one counts. */
export type Feedback = 'implicit' | 'explicit';

export interface InteractionColumns {
  readonly users: readonly Cell[];
  readonly items: readonly Cell[];
  /** Absent: every event weighs 1. */
  readonly weights?: readonly Cell[];
  /** Numbers (kept in their unit) or ISO 8601 text (read as days); absent: no time order. */
  readonly times?: readonly Cell[];
}

export interface InteractionOptions {
  readonly feedback: Feedback;
  /** Items known from metadata without interactions (cold items content-based models can still recommend). */
  readonly extraItems?: readonly string[];
}

/** Rows left out, with why, and a few of the values that caused it. */
export interface Rejected {
  readonly reason: string;
  readonly count: number;
  readonly examples: readonly string[];
}

export interface InteractionMatrix {
  readonly feedback: Feedback;
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  readonly byUser: Csr;
  readonly byItem: Csr;
  /** Events merged into an earlier (user, item) entry. */
  readonly duplicates: number;
  readonly rejected: readonly Rejected[];
}

class RejectLog {
  private readonly map = new Map<string, { count: number; examples: string[] }>();
  add(reason: string, value: Cell): void {
    const e = this.map.get(reason) ?? { count: 0, examples: [] };
    e.count++;
    if (e.examples.length < 3) e.examples.push(value === null || String(value).trim() === '' ? '(empty)' : String(value));
    this.map.set(reason, e);
  }
  list(): Rejected[] {
    return [...this.map].map(([reason, e]) => ({ reason, count: e.count, examples: e.examples }));
  }
}

function key(cell: Cell): string | null {
  if (cell === null) return null;
  const s = typeof cell === 'number' ? String(cell) : cell.trim();
  return s === '' ? null : s;
}

function weightOf(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  if (cell === null || cell.trim() === '') return NaN;
  return Number(cell.trim());
}

function timeOf(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  if (cell === null) return NaN;
  const n = Number(cell);
  // Dates in days, so a decay half-life reads naturally; numeric times stay in their own units.
  return cell.trim() !== '' && Number.isFinite(n) ? n : parseIsoDate(cell.trim()) / 86_400_000;
}

function indexer(ids: string[]): (id: string) => number {
  const map = new Map<string, number>();
  ids.forEach((id, i) => map.set(id, i));
  return (id) => {
    let i = map.get(id);
    if (i === undefined) {
      i = ids.length;
      ids.push(id);
      map.set(id, i);
    }
    return i;
  };
}

/**
 * Builds the matrix. A row without a user or item, a weight that is not a number (or, for
 * implicit feedback, not above zero) or a time that is no number or date is left out and
 * counted in `rejected` with its reason; when nothing is left the data cannot train at all.
 */
export function buildInteractions(cols: InteractionColumns, opts: InteractionOptions): InteractionMatrix {
  const n = cols.users.length;
  if (cols.items.length !== n) throw new RecsInputError('The user and item columns differ in length.');
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const userIndex = indexer(userIds);
  const itemIndex = indexer(itemIds);
  const rejects = new RejectLog();
  const r = new Int32Array(n);
  const c = new Int32Array(n);
  const v = new Float64Array(n);
  const t = cols.times ? new Float64Array(n) : null;
  let kept = 0;
  for (let row = 0; row < n; row++) {
    const u = key(cols.users[row] ?? null);
    const it = key(cols.items[row] ?? null);
    if (u === null) { rejects.add('no user', cols.users[row] ?? null); continue; }
    if (it === null) { rejects.add('no item', cols.items[row] ?? null); continue; }
    let w = 1;
    if (cols.weights) {
      w = weightOf(cols.weights[row] ?? null);
      if (!Number.isFinite(w)) { rejects.add('weight is not a number', cols.weights[row] ?? null); continue; }
      if (opts.feedback === 'implicit' && w <= 0) { rejects.add('implicit weight is not above zero', cols.weights[row] ?? null); continue; }
    }
    let time = 0;
    if (cols.times && t) {
      time = timeOf(cols.times[row] ?? null);
      if (!Number.isFinite(time)) { rejects.add('time is not a number or a date', cols.times[row] ?? null); continue; }
    }
    r[kept] = userIndex(u);
    c[kept] = itemIndex(it);
    v[kept] = w;
    if (t) t[kept] = time;
    kept++;
  }
  for (const id of opts.extraItems ?? []) itemIndex(id);
  if (kept === 0) {
    const why = rejects.list().map((x) => `${x.count} with ${x.reason} (e.g. ${x.examples.join(', ')})`).join('; ');
    throw new RecsInputError(`No usable interactions: every row was left out${why ? `: ${why}` : ''}. Check the user, item and weight columns.`);
  }
  const raw = csrFromTriples(userIds.length, itemIds.length, r.subarray(0, kept), c.subarray(0, kept), v.subarray(0, kept), t ? t.subarray(0, kept) : null);
  const { matrix, duplicates } = mergeDuplicates(raw, opts.feedback);
  return { feedback: opts.feedback, userIds, itemIds, byUser: matrix, byItem: transpose(matrix), duplicates, rejected: rejects.list() };
}

/**
 * One entry per (user, item): implicit weights add up, an explicit rating is the latest one
 * (by time, else by row order); the entry's time is the latest seen.
 */
function mergeDuplicates(m: Csr, feedback: Feedback): { matrix: Csr; duplicates: number } {
  const indptr = new Int32Array(m.rows + 1);
  const indices = new Int32Array(m.indices.length);
  const data = new Float64Array(m.indices.length);
  const times = m.times ? new Float64Array(m.indices.length) : null;
  let out = 0;
  for (let row = 0; row < m.rows; row++) {
    for (let k = m.indptr[row]!; k < m.indptr[row + 1]!; k++) {
      const prev = out - 1;
      if (out > indptr[row]! && indices[prev] === m.indices[k]) {
        const later = !m.times || !times || m.times[k]! >= times[prev]!;
        if (feedback === 'implicit') data[prev]! += m.data[k]!;
        else if (later) data[prev] = m.data[k]!;
        if (times && m.times && later) times[prev] = m.times[k]!;
        continue;
      }
      indices[out] = m.indices[k]!;
      data[out] = m.data[k]!;
      if (times && m.times) times[out] = m.times[k]!;
      out++;
    }
    indptr[row + 1] = out;
  }
  const matrix: Csr = {
    rows: m.rows,
    cols: m.cols,
    indptr,
    indices: indices.slice(0, out),
    data: data.slice(0, out),
    times: times ? times.slice(0, out) : null,
  };
  return { matrix, duplicates: m.indices.length - out };
}

/** The same users and items with other entries (a holdout's training part). */
export function withEntries(m: InteractionMatrix, byUser: Csr): InteractionMatrix {
  return { ...m, byUser, byItem: transpose(byUser) };
}
