import { describe, expect, it } from 'vitest';
import { checkPredictRequest, predictionIds, maxProblems, predictAnswer, refusalBody, requestSchemaOf, validateRows } from './predict-request';

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

describe('the refusals, word for word', () => {
  const dated = { inputColumns: [...inputColumns, { name: 'd', kind: 'date' as const }] };

  it('says what is wrong with the body, with no details', () => {
    expect(validateRows(null, cols)).toEqual({ ok: false, error: 'The body must be a JSON object: one row {"column": value, …} or {"rows": [{…}, …]}.', details: [] });
    expect(validateRows({ rows: [] }, cols)).toEqual({ ok: false, error: '"rows" is empty: send at least one row.', details: [] });
    expect(checkPredictRequest('  ', cols)).toEqual({ ok: false, status: 400, reason: 'bad_json', error: 'The body is not valid JSON (the body is empty): send {"rows": [{…}]} or one row {…}.', details: [], rows: 0 });
    const bad = checkPredictRequest('{"x": 1', cols);
    expect(bad.ok ? '' : bad.error).toMatch(/^The body is not valid JSON \((?!the body is empty).+\): send/);
    expect(checkPredictRequest(JSON.stringify({ rows: [{}, {}, {}] }), cols, 2)).toEqual({ ok: false, status: 413, reason: 'too_large', error: '3 rows in one request; at most 2. Split the batch.', details: [], rows: 3 });
    expect(checkPredictRequest(JSON.stringify({ rows: [{}, {}] }), cols, 2)).toMatchObject({ reason: 'bad_input', rows: 2 });
    expect(refusalBody('nope')).toEqual({ error: 'nope', details: [] });
  });

  it('names the row, the column and its kind, and the schema', () => {
    const one = validateRows({ x: 1 }, dated);
    expect(one).toEqual({
      ok: false,
      error: "The row does not match the model's input schema (3 columns: x:numeric, c:categorical, d:date).",
      details: [
        { row: 0, column: 'c', message: 'Row 0 has no column "c" (categorical); send null for a missing value.' },
        { row: 0, column: 'd', message: 'Row 0 has no column "d" (date); send null for a missing value.' },
      ],
    });
    const rows = validateRows({ rows: [[1], { x: 1, c: 'a', d: 20240301 }] }, dated);
    expect(rows.ok ? [] : rows.details.map((d) => d.message)).toEqual(['Row 0 is not an object of column values.', expect.stringContaining('Column "d", row 1: 20240301 is not a date')]);
    expect(rows.ok ? '' : rows.error).toMatch(/^2 of 2 rows do not match/);
    expect(validateRows({ rows: [{ x: 'z', c: 'a', d: null }] }, dated)).toMatchObject({ ok: false, error: expect.stringMatching(/^The row does not/) });
    expect(validateRows({ rows: [{ x: 1, c: 'a', d: null }, { x: 'z', c: 'a', d: null }] }, dated)).toMatchObject({ ok: false, error: expect.stringMatching(/^1 of 2 rows do not/) });
  });

  it('keeps a row with exactly its input columns as sent, and stops warning after 50 unseen values', () => {
    const row = { x: 1, c: 'a' };
    const ok = validateRows({ rows: [row] }, cols);
    expect(ok.ok && ok.rows[0]).toBe(row);
    const seen = { inputColumns, seenCategories: new Map([['c', new Set(['a'])]]) };
    const many = validateRows({ rows: Array.from({ length: 80 }, (_, i) => ({ x: 1, c: `new ${i}` })) }, seen);
    expect(many.ok ? many.warnings.length : 0).toBe(maxProblems);
  });

  it('takes the request schema of a fitted pipeline: its columns, and kept and rare categories as seen', () => {
    const schema = requestSchemaOf({ inputColumns, categorical: [{ name: 'c', categories: ['a'], rare: ['r'] }] } as unknown as Parameters<typeof requestSchemaOf>[0]);
    expect(schema.inputColumns).toBe(inputColumns);
    expect([...schema.seenCategories.get('c')!]).toEqual(['a', 'r']);
  });
});
