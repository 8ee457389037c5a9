/**
 * The bodies of POST /recommend and POST /events, checked the same way by the app's model
 * server and an exported bundle's server.js: a refusal says which field is wrong and what to
 * send instead.
 */
import type { RecommendAsk, RecsEvent } from './live';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: 400 | 413; readonly error: string };

export const maxK = 1000;
export const maxEvents = 10_000;
/** Ids (users, items) longer than this are a mistake, not an id. */
const maxIdLength = 256;
const maxFilterItems = 100_000;

/** An event, as /events takes it: the interaction and, for a click on a served list, its id. */
export interface EventRequest extends RecsEvent {
  readonly recommendationId?: string;
}

function parse(text: string, example: string): Checked<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { ok: false, status: 400, error: `The body is not valid JSON (${text.trim() === '' ? 'the body is empty' : err instanceof Error ? err.message : String(err)}): send ${example}.` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, status: 400, error: `The body must be a JSON object: send ${example}.` };
  return { ok: true, value: body as Record<string, unknown> };
}

/** A user or item id: text, or a number (ids read from a CSV are often numbers). */
function id(v: unknown, what: string): string | { error: string } {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v === '') return { error: `"${what}" must be a non-empty id (text or number), not ${JSON.stringify(v) ?? 'nothing'}.` };
  if (v.length > maxIdLength) return { error: `"${what}" is ${v.length} characters long; ids are at most ${maxIdLength}.` };
  return v;
}

function idList(v: unknown, what: string): string[] | { error: string } {
  if (!Array.isArray(v)) return { error: `"${what}" must be an array of item ids.` };
  if (v.length > maxFilterItems) return { error: `"${what}" names ${v.length} items; at most ${maxFilterItems}.` };
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const x = id(v[i], `${what}[${i}]`);
    if (typeof x !== 'string') return x;
    out.push(x);
  }
  return out;
}

const recommendExample = '{"user": "…", "k": 10, "exclude_seen": true, "filters": {"items": […], "exclude": […]}}';

export function checkRecommendRequest(text: string): Checked<RecommendAsk> {
  const p = parse(text, recommendExample);
  if (!p.ok) return p;
  const b = p.value;
  const user = id(b['user'], 'user');
  if (typeof user !== 'string') return { ok: false, status: 400, error: `${user.error} Send ${recommendExample}.` };
  const k = b['k'] ?? 10;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > maxK) return { ok: false, status: 400, error: `"k" must be a whole number from 1 to ${maxK}, not ${JSON.stringify(k)}.` };
  const excludeSeen = b['exclude_seen'] ?? true;
  if (typeof excludeSeen !== 'boolean') return { ok: false, status: 400, error: `"exclude_seen" must be true or false, not ${JSON.stringify(excludeSeen)}.` };
  const filters = b['filters'];
  let only: string[] | undefined;
  let exclude: string[] | undefined;
  if (filters !== undefined && filters !== null) {
    if (typeof filters !== 'object' || Array.isArray(filters)) return { ok: false, status: 400, error: '"filters" must be an object: {"items": [ids to rank among], "exclude": [ids never to recommend]}.' };
    const f = filters as Record<string, unknown>;
    const unknown = Object.keys(f).filter((key) => key !== 'items' && key !== 'exclude');
    if (unknown.length) return { ok: false, status: 400, error: `"filters" takes "items" and "exclude", not ${unknown.map((u) => `"${u}"`).join(', ')}.` };
    if (f['items'] !== undefined) {
      const l = idList(f['items'], 'filters.items');
      if (!Array.isArray(l)) return { ok: false, status: 400, error: l.error };
      only = l;
    }
    if (f['exclude'] !== undefined) {
      const l = idList(f['exclude'], 'filters.exclude');
      if (!Array.isArray(l)) return { ok: false, status: 400, error: l.error };
      exclude = l;
    }
  }
  return { ok: true, value: { user, k, excludeSeen, ...(only ? { only } : {}), ...(exclude ? { exclude } : {}) } };
}

const eventExample = '{"user": "…", "item": "…", "weight": 1, "recommendation_id": "…"} or {"events": [ … ]}';

function event(v: unknown, at: number | null): EventRequest | string {
  const where = at === null ? '' : `events[${at}]: `;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${where}an event is an object: ${eventExample}.`;
  const e = v as Record<string, unknown>;
  const user = id(e['user'], 'user');
  if (typeof user !== 'string') return where + user.error;
  const item = id(e['item'], 'item');
  if (typeof item !== 'string') return where + item.error;
  const weight = e['weight'] ?? 1;
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) return `${where}"weight" must be a positive number, not ${JSON.stringify(weight)}.`;
  const rid = e['recommendation_id'];
  if (rid !== undefined && (typeof rid !== 'string' || rid === '' || rid.length > maxIdLength)) return `${where}"recommendation_id" must be the "id" of a /recommend answer.`;
  return { user, item, weight, ...(typeof rid === 'string' ? { recommendationId: rid } : {}) };
}

export function checkEventsRequest(text: string): Checked<readonly EventRequest[]> {
  const p = parse(text, eventExample);
  if (!p.ok) return p;
  const b = p.value;
  if (Object.hasOwn(b, 'events')) {
    const list = b['events'];
    if (!Array.isArray(list) || list.length === 0) return { ok: false, status: 400, error: `"events" must be a non-empty array: ${eventExample}.` };
    if (list.length > maxEvents) return { ok: false, status: 413, error: `${list.length} events in one request; at most ${maxEvents}. Split them.` };
    const out: EventRequest[] = [];
    for (let i = 0; i < list.length; i++) {
      const e = event(list[i], i);
      if (typeof e === 'string') return { ok: false, status: 400, error: e };
      out.push(e);
    }
    return { ok: true, value: out };
  }
  const e = event(b, null);
  return typeof e === 'string' ? { ok: false, status: 400, error: e } : { ok: true, value: [e] };
}

/** What a served list led to, as POST /feedback reports it for a recommender. */
export interface RecsFeedback {
  /** The "id" of a /recommend answer. */
  readonly id: string;
  readonly event: 'click' | 'conversion';
}

const feedbackExample = '{"id": "<the id of a /recommend answer>", "event": "click" | "conversion"} or {"feedback": [ … ]}';

function feedbackItem(v: unknown, at: number | null): RecsFeedback | string {
  const where = at === null ? '' : `feedback[${at}]: `;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${where}feedback is an object: ${feedbackExample}.`;
  const f = v as Record<string, unknown>;
  const rid = f['id'];
  if (typeof rid !== 'string' || rid === '' || rid.length > maxIdLength) return `${where}"id" must be the "id" of a /recommend answer, not ${JSON.stringify(rid) ?? 'nothing'}.`;
  const event = f['event'];
  if (event !== 'click' && event !== 'conversion') return `${where}"event" must be "click" or "conversion", not ${JSON.stringify(event) ?? 'nothing'}.`;
  return { id: rid, event };
}

export function checkRecsFeedbackRequest(text: string): Checked<readonly RecsFeedback[]> {
  const p = parse(text, feedbackExample);
  if (!p.ok) return p;
  const b = p.value;
  if (Object.hasOwn(b, 'feedback')) {
    const list = b['feedback'];
    if (!Array.isArray(list) || list.length === 0) return { ok: false, status: 400, error: `"feedback" must be a non-empty array: ${feedbackExample}.` };
    if (list.length > maxEvents) return { ok: false, status: 413, error: `${list.length} feedback items in one request; at most ${maxEvents}. Split them.` };
    const out: RecsFeedback[] = [];
    for (let i = 0; i < list.length; i++) {
      const f = feedbackItem(list[i], i);
      if (typeof f === 'string') return { ok: false, status: 400, error: f };
      out.push(f);
    }
    return { ok: true, value: out };
  }
  const f = feedbackItem(b, null);
  return typeof f === 'string' ? { ok: false, status: 400, error: f } : { ok: true, value: [f] };
}
