// The bounds of the column facts, the id and constant rules, and task detection, one value on each side.
import { describe, expect, it } from 'vitest';
import { columnFacts, constantReason, idLikeReason, isMissing } from './column-facts';
import type { FrameColumn } from './frame-types';
import { classLabels, detectTask, encodeTarget } from './task';

const num = (name: string, values: ArrayLike<number>): FrameColumn => ({ name, kind: 'numeric', values: Float64Array.from(values) });
const cat = (name: string, values: readonly (string | null)[]): FrameColumn => ({ name, kind: 'categorical', values });
const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('column facts', () => {
  it('counts present, missing and distinct values; whole and non-decreasing only for numbers', () => {
    expect(columnFacts(num('a', [1, NaN, 2, 2, 5]))).toEqual({ present: 4, missing: 1, distinct: 3, integer: true, nonDecreasing: true });
    expect(columnFacts(num('a', [1, 0.5, 2]))).toMatchObject({ integer: false, nonDecreasing: false });
    expect(columnFacts(num('a', [3, NaN, 1]))).toMatchObject({ nonDecreasing: false });
    expect(columnFacts(cat('c', ['x', null, 'y', 'x']))).toEqual({ present: 3, missing: 1, distinct: 2, integer: false, nonDecreasing: false });
    expect(columnFacts({ name: 'd', kind: 'date', values: Float64Array.from([1, 2]) })).toMatchObject({ integer: false, nonDecreasing: false, distinct: 2 });
    expect(isMissing(num('a', [NaN, 0]), 0)).toBe(true);
    expect(isMissing(num('a', [NaN, 0]), 1)).toBe(false);
    expect(isMissing(cat('c', [null, '']), 1)).toBe(false);
  });

  it('ids need 20 complete rows', () => {
    expect(idLikeReason(num('n', range(19, (i) => i)))).toBeNull();
    expect(idLikeReason(num('n', range(20, (i) => i)))).toBe('whole numbers that increase row by row (a row number or counter)');
    expect(idLikeReason(num('n', [...range(20, (i) => i), NaN]))).toBeNull();
    expect(idLikeReason(num('n', range(20, (i) => (i * 7) % 20)))).toBe('a different whole number on every row (an identifier)');
    expect(idLikeReason(num('n', range(20, (i) => i + 0.5)))).toBeNull();
    expect(idLikeReason(cat('c', range(20, (i) => i).map(String)))).toBe('every row has a different text value (an identifier, a key or free text)');
    expect(idLikeReason(cat('c', range(20, (i) => i % 19).map(String)))).toBeNull();
  });

  it('a counter with a few repeats: at least 90 % distinct and never decreasing', () => {
    // 20 rows, 18 distinct (90 %).
    expect(idLikeReason(num('n', range(20, (i) => Math.min(i, 17))))).toBe('whole numbers that increase with row order (a counter or sequence number)');
    // 17 distinct: 85 %.
    expect(idLikeReason(num('n', range(20, (i) => Math.min(i, 16))))).toBeNull();
    expect(idLikeReason(num('n', range(20, (i) => (i === 5 ? 0 : Math.min(i, 18)))))).toBeNull();
  });

  it('constants: all missing, one value, one value besides missing ones', () => {
    expect(constantReason(columnFacts(num('a', [NaN, NaN])))).toBe('every value is missing');
    expect(constantReason(columnFacts(num('a', [3, 3])))).toBe('the same value on every row');
    expect(constantReason(columnFacts(num('a', [3, NaN])))).toBe('a single value apart from missing ones');
    expect(constantReason(columnFacts(num('a', [3, 4])))).toBeNull();
  });
});

describe('task detection', () => {
  it('refuses a target with no values or a single value', () => {
    expect(() => detectTask(num('y', [NaN]))).toThrow("The target 'y' has no values.");
    expect(() => detectTask(num('y', [1, 1]))).toThrow("The target 'y' has a single value; there is nothing to predict.");
  });

  it('text: two values binary, more multiclass, classes sorted', () => {
    expect(detectTask(cat('y', ['b', 'a', null, 'b']))).toEqual({ task: 'binary', classes: ['a', 'b'], reason: "'y' holds text with 2 distinct values, so each value is a class.", missing: 1 });
    expect(detectTask(cat('y', ['c', 'a', 'b'])).task).toBe('multiclass');
  });

  it('numbers: two values binary; up to 20 whole numbers with 5 rows each are classes; else regression', () => {
    expect(detectTask(num('y', [10, 2, 10, NaN]))).toEqual({ task: 'binary', classes: ['2', '10'], reason: "'y' has exactly two distinct values.", missing: 1 });
    const classes = (k: number, n: number): number[] => range(n, (i) => i % k);
    expect(detectTask(num('y', classes(3, 15)))).toMatchObject({ task: 'multiclass', classes: ['0', '1', '2'], reason: "'y' holds 3 distinct whole numbers, so each is treated as a class; choose regression if they are amounts or counts." });
    expect(detectTask(num('y', classes(3, 14))).task).toBe('regression');
    expect(detectTask(num('y', classes(20, 100))).task).toBe('multiclass');
    expect(detectTask(num('y', classes(21, 105)))).toMatchObject({ task: 'regression', reason: "'y' holds 21 distinct whole numbers, too many to be classes, so it is predicted as a number." });
    expect(detectTask(num('y', [0.5, 1, 2]))).toMatchObject({ task: 'regression', reason: "'y' holds numbers with fractions, so it is predicted as a number." });
    expect(detectTask(num('y', classes(11, 55))).classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('encodes targets as class indices (NaN where missing or unknown) or values; text refuses regression', () => {
    const y = cat('y', ['b', null, 'a']);
    expect(Array.from(encodeTarget(y, detectTask(y)))).toEqual([1, NaN, 0]);
    const n = num('y', [0.5, NaN, 2, 3]);
    expect(Array.from(encodeTarget(n, detectTask(n)))).toEqual([0.5, NaN, 2, 3]);
    expect(() => encodeTarget(y, { task: 'regression', reason: '', missing: 0 })).toThrow("The target 'y' holds text; regression needs numbers.");
    // Classification chosen over a regression guess: the sorted distinct values are the classes.
    const over = { task: 'multiclass' as const, reason: '', missing: 1 };
    expect(classLabels(n, over)).toEqual(['0.5', '2', '3']);
    expect(Array.from(encodeTarget(n, over))).toEqual([0, NaN, 1, 2]);
    expect(classLabels(cat('y', ['b', null, 'a', 'b']), over)).toEqual(['a', 'b']);
    expect(Array.from(encodeTarget(num('y', [1, 9]), { task: 'binary', classes: ['1', '2'], reason: '', missing: 0 }))).toEqual([0, NaN]);
  });
});
