import { describe, expect, it } from 'vitest';
import { checkEventsRequest, checkRecommendRequest, checkRecsFeedbackRequest, maxEvents, maxK } from './request';

const long = 'u'.repeat(257);

/** A refused body: not ok, with this status and an error matching. */
function expectRefused(r: { ok: true } | { ok: false; status: number; error: string }, status: number, error: RegExp): void {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.status).toBe(status);
  expect(r.error).toMatch(error);
}

describe('POST /recommend bodies', () => {
  it('fills the defaults and keeps the filters it was given', () => {
    expect(checkRecommendRequest('{"user": "ann"}')).toEqual({ ok: true, value: { user: 'ann', k: 10, excludeSeen: true } });
    expect(checkRecommendRequest(`{"user": 42, "k": ${maxK}, "exclude_seen": false, "filters": {"items": ["a", 7], "exclude": ["b"]}}`)).toEqual({
      ok: true,
      value: { user: '42', k: maxK, excludeSeen: false, only: ['a', '7'], exclude: ['b'] },
    });
    expect(checkRecommendRequest('{"user": "ann", "k": 1, "filters": null}')).toEqual({ ok: true, value: { user: 'ann', k: 1, excludeSeen: true } });
    expect(checkRecommendRequest('{"user": "ann", "filters": {"exclude": []}}')).toEqual({ ok: true, value: { user: 'ann', k: 10, excludeSeen: true, exclude: [] } });
    expect(checkRecommendRequest(`{"user": "${'u'.repeat(256)}"}`).ok).toBe(true);
  });

  it.each([
    ['', /not valid JSON \(the body is empty\): send \{"user"/],
    ['{"user": ', /not valid JSON \(.+\): send \{"user"/],
    ['[1]', /must be a JSON object: send \{"user"/],
    ['null', /must be a JSON object/],
    ['{}', /"user" must be a non-empty id \(text or number\), not nothing\. Send \{"user"/],
    ['{"user": ""}', /"user" must be a non-empty id .*not ""/],
    ['{"user": true}', /"user" must be a non-empty id .*not true/],
    ['{"user": null}', /not null/],
    // JSON reads 1e999 as Infinity, which is no id.
    ['{"user": 1e999}', /"user" must be a non-empty id/],
    [`{"user": "${long}"}`, /"user" is 257 characters long; ids are at most 256\./],
    ['{"user": "a", "k": 0}', /"k" must be a whole number from 1 to 1000, not 0\./],
    [`{"user": "a", "k": ${maxK + 1}}`, /not 1001/],
    ['{"user": "a", "k": 2.5}', /not 2\.5/],
    ['{"user": "a", "k": "5"}', /not "5"/],
    ['{"user": "a", "exclude_seen": "yes"}', /"exclude_seen" must be true or false, not "yes"\./],
    ['{"user": "a", "filters": []}', /"filters" must be an object/],
    ['{"user": "a", "filters": "x"}', /"filters" must be an object/],
    ['{"user": "a", "filters": {"only": [], "tags": []}}', /"filters" takes "items" and "exclude", not "only", "tags"\./],
    ['{"user": "a", "filters": {"items": "a"}}', /"filters\.items" must be an array of item ids\./],
    ['{"user": "a", "filters": {"items": ["a", ""]}}', /"filters\.items\[1\]" must be a non-empty id/],
    ['{"user": "a", "filters": {"exclude": [null]}}', /"filters\.exclude\[0\]" must be a non-empty id/],
    ['{"user": "a", "filters": {"exclude": {}}}', /"filters\.exclude" must be an array/],
  ])('refuses %s with 400 and what to send', (body, error) => expectRefused(checkRecommendRequest(body), 400, error));

  it('refuses a filter longer than 100,000 items, and takes one of exactly that many', () => {
    const items = (n: number) => JSON.stringify({ user: 'a', filters: { items: Array.from({ length: n }, (_, i) => `i${i}`) } });
    const over = checkRecommendRequest(items(100_001));
    expect(over).toMatchObject({ ok: false, status: 400, error: '"filters.items" names 100001 items; at most 100000.' });
    const at = checkRecommendRequest(items(100_000));
    expect(at.ok && at.value.only?.length).toBe(100_000);
  });
});

describe('POST /events bodies', () => {
  it('takes one event or a list, with weight 1 by default and the recommendation id kept', () => {
    expect(checkEventsRequest('{"user": "ann", "item": 5}')).toEqual({ ok: true, value: [{ user: 'ann', item: '5', weight: 1 }] });
    expect(checkEventsRequest('{"events": [{"user": "a", "item": "x", "weight": 0.5, "recommendation_id": "r1"}, {"user": "b", "item": "y"}]}')).toEqual({
      ok: true,
      value: [
        { user: 'a', item: 'x', weight: 0.5, recommendationId: 'r1' },
        { user: 'b', item: 'y', weight: 1 },
      ],
    });
  });

  it.each([
    ['', 400, /not valid JSON \(the body is empty\): send \{"user": "…", "item"/],
    ['{"events": []}', 400, /"events" must be a non-empty array/],
    ['{"events": {}}', 400, /"events" must be a non-empty array/],
    ['{"events": [3]}', 400, /^events\[0\]: an event is an object/],
    ['{"events": [{"user": "a", "item": "x"}, {"user": "a"}]}', 400, /^events\[1\]: "item" must be a non-empty id/],
    ['{"events": [{"item": "x"}]}', 400, /^events\[0\]: "user" must be a non-empty id/],
    ['{"item": "x"}', 400, /^"user" must be a non-empty id/],
    ['{"user": "a", "item": "x", "weight": 0}', 400, /^"weight" must be a positive number, not 0\./],
    ['{"user": "a", "item": "x", "weight": -1}', 400, /not -1/],
    ['{"user": "a", "item": "x", "weight": "2"}', 400, /not "2"/],
    ['{"user": "a", "item": "x", "recommendation_id": ""}', 400, /"recommendation_id" must be the "id" of a \/recommend answer/],
    ['{"user": "a", "item": "x", "recommendation_id": 5}', 400, /"recommendation_id" must be/],
    [`{"user": "a", "item": "x", "recommendation_id": "${long}"}`, 400, /"recommendation_id" must be/],
  ])('refuses %s', (body, status, error) => expectRefused(checkEventsRequest(body), status, error));

  it(`takes ${maxEvents} events and refuses one more with 413`, () => {
    const events = (n: number) => JSON.stringify({ events: Array.from({ length: n }, (_, i) => ({ user: 'u', item: `i${i}` })) });
    const at = checkEventsRequest(events(maxEvents));
    expect(at.ok && at.value.length).toBe(maxEvents);
    expect(checkEventsRequest(events(maxEvents + 1))).toEqual({ ok: false, status: 413, error: '10001 events in one request; at most 10000. Split them.' });
  });
});

describe('POST /feedback bodies', () => {
  it('takes one item or a list', () => {
    expect(checkRecsFeedbackRequest('{"id": "r1", "event": "click"}')).toEqual({ ok: true, value: [{ id: 'r1', event: 'click' }] });
    expect(checkRecsFeedbackRequest('{"feedback": [{"id": "r1", "event": "conversion"}, {"id": "r2", "event": "click"}]}')).toEqual({
      ok: true,
      value: [
        { id: 'r1', event: 'conversion' },
        { id: 'r2', event: 'click' },
      ],
    });
  });

  it.each([
    ['nope', 400, /not valid JSON .*: send \{"id"/],
    ['{"feedback": []}', 400, /"feedback" must be a non-empty array/],
    ['{"feedback": "x"}', 400, /"feedback" must be a non-empty array/],
    ['{"feedback": [{"id": "r1", "event": "click"}, null]}', 400, /^feedback\[1\]: feedback is an object/],
    ['{"event": "click"}', 400, /^"id" must be the "id" of a \/recommend answer, not nothing\./],
    ['{"id": "", "event": "click"}', 400, /not ""/],
    [`{"id": "${long}", "event": "click"}`, 400, /"id" must be/],
    ['{"id": "r1"}', 400, /^"event" must be "click" or "conversion", not nothing\./],
    ['{"id": "r1", "event": "view"}', 400, /not "view"/],
  ])('refuses %s', (body, status, error) => expectRefused(checkRecsFeedbackRequest(body), status, error));

  it(`takes ${maxEvents} items and refuses one more with 413`, () => {
    const list = (n: number) => JSON.stringify({ feedback: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, event: 'click' })) });
    const at = checkRecsFeedbackRequest(list(maxEvents));
    expect(at.ok && at.value.length).toBe(maxEvents);
    expect(checkRecsFeedbackRequest(list(maxEvents + 1))).toEqual({ ok: false, status: 413, error: '10001 feedback items in one request; at most 10000. Split them.' });
  });
});
