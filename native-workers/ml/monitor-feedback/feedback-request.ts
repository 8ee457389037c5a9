/**
 * A POST /feedback body checked at the door, shared by the app's model server
 * and an exported bundle's server.js so both accept and refuse alike:
 *   {"id": "…", "label": …}  or  {"feedback": [{"id": "…", "label": …}, …]}
 * An id is a prediction's id as /predict answered it; a label is the true
 * class (text, a number or a boolean) or the true value of a regression.
 */
export interface FeedbackLabel {
  readonly id: string;
  readonly label: string | number | boolean;
}

export type FeedbackRequest =
  | { readonly ok: true; readonly items: readonly FeedbackLabel[] }
  | { readonly ok: false; readonly status: 400 | 413; readonly error: string };

export const maxFeedbackItems = 10_000;

function item(v: unknown, i: number | null): FeedbackLabel | string {
  const where = i === null ? 'The body' : `feedback[${i}]`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${where} must be an object {"id": "…", "label": …}.`;
  const o = v as Readonly<Record<string, unknown>>;
  const id = o['id'];
  if (typeof id !== 'string' || id === '' || id.length > 200) return `${where} needs "id": the prediction's id as /predict answered it (text, at most 200 characters).`;
  const label = o['label'];
  if (typeof label === 'string' ? label === '' : typeof label === 'number' ? !Number.isFinite(label) : typeof label !== 'boolean') {
    return `${where} needs "label": the true class (text, a number or true/false) or the true value (a finite number).`;
  }
  return { id, label: label as string | number | boolean };
}

/** The labels of a /feedback body, or why it is refused (400, or 413 past maxFeedbackItems). */
export function checkFeedbackRequest(text: string): FeedbackRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { ok: false, status: 400, error: `The body is not valid JSON (${text.trim() === '' ? 'the body is empty' : err instanceof Error ? err.message : String(err)}): send {"id": "…", "label": …}.` };
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, 'feedback')) {
    const list = (body as Record<string, unknown>)['feedback'];
    if (!Array.isArray(list) || list.length === 0) return { ok: false, status: 400, error: '"feedback" must be a non-empty array of {"id": "…", "label": …}.' };
    if (list.length > maxFeedbackItems) return { ok: false, status: 413, error: `${list.length} labels in one request; at most ${maxFeedbackItems}. Split them.` };
    const items: FeedbackLabel[] = [];
    for (let i = 0; i < list.length; i++) {
      const got = item(list[i], i);
      if (typeof got === 'string') return { ok: false, status: 400, error: got };
      items.push(got);
    }
    return { ok: true, items };
  }
  const one = item(body, null);
  return typeof one === 'string' ? { ok: false, status: 400, error: one } : { ok: true, items: [one] };
}

/** What a server answers to feedback it took: the counts, and a message when no id was known. */
export interface FeedbackCounts {
  readonly stored: number;
  readonly duplicate: number;
  readonly unknown: number;
  readonly unknownIds: readonly string[];
}

/** 404 when not one id named a logged prediction (nothing stored, and the sender should know), else 200. */
export function feedbackAnswer(c: FeedbackCounts): { status: 200 | 404; body: Readonly<Record<string, unknown>> } {
  const counts = { stored: c.stored, duplicate: c.duplicate, unknown: c.unknown, ...(c.unknownIds.length ? { unknownIds: c.unknownIds } : {}) };
  if (c.unknown > 0 && c.stored === 0 && c.duplicate === 0) {
    return {
      status: 404,
      body: { error: `No logged prediction has ${c.unknown === 1 ? `the id "${c.unknownIds[0]}"` : `any of these ${c.unknown} ids`}; nothing was stored. Send the id a /predict answer carried ("id", or "ids" for a batch).`, ...counts },
    };
  }
  return { status: 200, body: counts };
}
