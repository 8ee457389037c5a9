import { describe, expect, it } from 'vitest';
import { checkPredictRequest, predictionIds, maxProblems, predictAnswer, validateRows } from './predict-request';

const inputColumns = [
  { name: 'x', kind: 'numeric' as const },
  { name: 'c', kind: 'categorical' as const },
];
const cols = { inputColumns };
const withSeen = { inputColumns, seenCategories: new Map([['c', new Set(['a', 'b', '415'])]]) };

describe('validateRows', () => {
  it('takes one row or {rows}, null as missing, numbers for categories, and lists ignored keys', () => {
    expect(validateRows({ x: 1, c: 'a' }, cols)).toEqual({ ok: true, rows: [{ x: 1, c: 'a' }], ignoredColumns: [], warnings: [], single: true });
    expect(validateRows({ rows: [{ x: '2.5', c: 415, id: 7 }, { x: null, c: null }] }, cols)).toMatchObject({ ok: true, ignoredColumns: ['id'] });
    // What is not an input column is dropped from the rows (they are what gets logged).
    expect(validateRows({ rows: [{ x: 1, c: 'a', secret: 's' }, { x: 2, c: 'b' }] }, cols)).toEqual({ ok: true, rows: [{ x: 1, c: 'a' }, { x: 2, c: 'b' }], ignoredColumns: ['secret'], warnings: [], single: false });
  });

  it('names row and column of every problem, and caps the list', () => {
    const r = validateRows({ rows: [{ x: 1, c: 'a' }, { c: 'a' }, { x: 'ten', c: [1] }, 5] }, cols);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^3 of 4 rows do not match/);
    expect(r.details.map((d) => [d.row, d.column])).toEqual([
      [1, 'x'],
      [2, 'x'],
      [2, 'c'],
      [3, null],
    ]);
    const many = validateRows({ rows: Array.from({ length: 500 }, () => ({ x: 'bad', c: 'a' })) }, cols);
    expect(many.ok ? 0 : many.details.length).toBe(maxProblems);
    expect(many.ok ? '' : many.error).toMatch(/^at least 50 of 500 rows/);
    expect(validateRows([1, 2], cols)).toMatchObject({ ok: false, error: expect.stringContaining('JSON object') });
    expect(validateRows({ rows: 'x' }, cols)).toMatchObject({ ok: false, error: '"rows" must be an array of row objects.' });
  });
});

describe('unseen categories', () => {
  it('warns once per column and value the fit never saw, and predicts the row anyway', () => {
    const r = validateRows({ rows: [{ x: 1, c: 'Two year2' }, { x: 2, c: 'Two year2' }, { x: 3, c: 415 }, { x: 4, c: null }, { x: 5, c: 'NA' }] }, withSeen);
    expect(r).toMatchObject({ ok: true, warnings: ["c: 'Two year2' was not seen in training; treated as missing/unknown"] });
    // Without a vocabulary (a schema from elsewhere) nothing is claimed.
    expect(validateRows({ x: 1, c: 'zzz' }, cols)).toMatchObject({ ok: true, warnings: [] });
  });

  it('puts warnings and ignored columns into the answer only when there are some', () => {
    const checked = validateRows({ x: 1, c: 'new', id: 3 }, withSeen);
    if (!checked.ok) throw new Error(checked.error);
    expect(predictAnswer('m', 2, [{ value: 1 }], checked, 'r1')).toEqual({ id: 'r1', model: 'm', version: 2, predictions: [{ value: 1 }], ignoredColumns: ['id'], warnings: ["c: 'new' was not seen in training; treated as missing/unknown"] });
    const clean = validateRows({ x: 1, c: 'a' }, withSeen);
    if (!clean.ok) throw new Error(clean.error);
    expect(predictAnswer('m', 2, [], clean, 'r2')).toEqual({ id: 'r2', model: 'm', version: 2, predictions: [] });
  });

  it('names each row of a {"rows": […]} body REQUEST.i, and a single row body by the request id', () => {
    const batch = validateRows({ rows: [{ x: 1, c: 'a' }, { x: 2, c: 'a' }] }, withSeen);
    if (!batch.ok) throw new Error(batch.error);
    expect(predictAnswer('m', 1, [{ value: 1 }, { value: 2 }], batch, 'abc')).toMatchObject({ id: 'abc', ids: ['abc.0', 'abc.1'] });
    const one = validateRows({ x: 1, c: 'a' }, withSeen);
    if (!one.ok) throw new Error(one.error);
    expect(predictionIds('abc', one)).toEqual(['abc']);
  });
});

describe('checkPredictRequest', () => {
  it('refuses an empty body, bad JSON and too many rows with the status and reason to answer', () => {
    expect(checkPredictRequest('', cols)).toMatchObject({ ok: false, status: 400, reason: 'bad_json', error: expect.stringContaining('the body is empty') });
    expect(checkPredictRequest('{"x":', cols)).toMatchObject({ ok: false, status: 400, reason: 'bad_json' });
    expect(checkPredictRequest(JSON.stringify({ rows: [{ x: 1, c: 'a' }, { x: 2, c: 'b' }] }), cols, 1)).toMatchObject({ ok: false, status: 413, reason: 'too_large' });
    expect(checkPredictRequest(JSON.stringify({ rows: [{ x: 1 }] }), cols)).toMatchObject({ ok: false, status: 400, reason: 'bad_input', details: [{ row: 0, column: 'c' }] });
    expect(checkPredictRequest(JSON.stringify({ x: 1, c: 'a' }), cols)).toMatchObject({ ok: true, rows: [{ x: 1, c: 'a' }] });
  });
});
