import { describe, expect, it } from 'vitest';
import { checkFeedbackRequest, feedbackAnswer, maxFeedbackItems } from './feedback-request';

describe('POST /feedback bodies (model monitoring)', () => {
  it('takes one label or a list; labels are text, numbers or booleans', () => {
    expect(checkFeedbackRequest('{"id": "p1", "label": "yes"}')).toEqual({ ok: true, items: [{ id: 'p1', label: 'yes' }] });
    expect(checkFeedbackRequest(`{"feedback": [{"id": "a", "label": 0}, {"id": "b", "label": false}, {"id": "${'i'.repeat(200)}", "label": -2.5}]}`)).toEqual({
      ok: true,
      items: [
        { id: 'a', label: 0 },
        { id: 'b', label: false },
        { id: 'i'.repeat(200), label: -2.5 },
      ],
    });
  });

  it.each([
    ['', 400, 'The body is not valid JSON (the body is empty): send {"id": "…", "label": …}.'],
    ['  ', 400, 'The body is not valid JSON (the body is empty): send {"id": "…", "label": …}.'],
    ['{"id": ', 400, /^The body is not valid JSON \(.+\): send/],
    ['[]', 400, 'The body must be an object {"id": "…", "label": …}.'],
    ['null', 400, 'The body must be an object {"id": "…", "label": …}.'],
    ['"text"', 400, 'The body must be an object {"id": "…", "label": …}.'],
    ['{"label": 1}', 400, /^The body needs "id": the prediction's id as \/predict answered it/],
    ['{"id": "", "label": 1}', 400, /^The body needs "id"/],
    ['{"id": 7, "label": 1}', 400, /^The body needs "id"/],
    [`{"id": "${'i'.repeat(201)}", "label": 1}`, 400, /^The body needs "id"/],
    ['{"id": "p"}', 400, 'The body needs "label": the true class (text, a number or true/false) or the true value (a finite number).'],
    ['{"id": "p", "label": ""}', 400, /^The body needs "label"/],
    ['{"id": "p", "label": null}', 400, /^The body needs "label"/],
    ['{"id": "p", "label": 1e999}', 400, /^The body needs "label"/],
    ['{"id": "p", "label": [1]}', 400, /^The body needs "label"/],
    ['{"feedback": []}', 400, '"feedback" must be a non-empty array of {"id": "…", "label": …}.'],
    ['{"feedback": {"id": "p"}}', 400, '"feedback" must be a non-empty array of {"id": "…", "label": …}.'],
    ['{"feedback": [{"id": "p", "label": 1}, 5]}', 400, 'feedback[1] must be an object {"id": "…", "label": …}.'],
    ['{"feedback": [{"id": "p", "label": 1}, {"id": "q"}]}', 400, /^feedback\[1\] needs "label"/],
  ])('refuses %j', (body, status, error) => {
    const r = checkFeedbackRequest(body);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(status);
    if (typeof error === 'string') expect(r.error).toBe(error);
    else expect(r.error).toMatch(error);
  });

  it(`takes ${maxFeedbackItems} labels and refuses one more with 413`, () => {
    const list = (n: number) => JSON.stringify({ feedback: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, label: i % 2 })) });
    const at = checkFeedbackRequest(list(maxFeedbackItems));
    expect(at.ok && at.items.length).toBe(maxFeedbackItems);
    expect(checkFeedbackRequest(list(maxFeedbackItems + 1))).toEqual({ ok: false, status: 413, error: '10001 labels in one request; at most 10000. Split them.' });
  });

  it('answers 404 only when no id was known, naming the one id or counting them', () => {
    expect(feedbackAnswer({ stored: 2, duplicate: 0, unknown: 0, unknownIds: [] })).toEqual({ status: 200, body: { stored: 2, duplicate: 0, unknown: 0 } });
    expect(feedbackAnswer({ stored: 0, duplicate: 1, unknown: 1, unknownIds: ['x'] })).toEqual({ status: 200, body: { stored: 0, duplicate: 1, unknown: 1, unknownIds: ['x'] } });
    expect(feedbackAnswer({ stored: 1, duplicate: 0, unknown: 1, unknownIds: ['x'] }).status).toBe(200);
    const one = feedbackAnswer({ stored: 0, duplicate: 0, unknown: 1, unknownIds: ['x'] });
    expect(one).toEqual({
      status: 404,
      body: { error: 'No logged prediction has the id "x"; nothing was stored. Send the id a /predict answer carried ("id", or "ids" for a batch).', stored: 0, duplicate: 0, unknown: 1, unknownIds: ['x'] },
    });
    expect(feedbackAnswer({ stored: 0, duplicate: 0, unknown: 3, unknownIds: ['x', 'y', 'z'] }).body['error']).toMatch(/^No logged prediction has any of these 3 ids; nothing was stored\./);
  });
});
