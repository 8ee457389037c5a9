import { describe, expect, it } from 'vitest';
import { searchGrid } from './search';

describe('searchGrid', () => {
  it('gives every combination over the base parameters, the first name varying slowest', () => {
    expect(searchGrid('als', { iterations: 5 }, { factors: [8, 16], regularization: [0.01, 0.1] })).toEqual([
      { iterations: 5, factors: 8, regularization: 0.01 },
      { iterations: 5, factors: 8, regularization: 0.1 },
      { iterations: 5, factors: 16, regularization: 0.01 },
      { iterations: 5, factors: 16, regularization: 0.1 },
    ]);
  });

  it('refuses a parameter the model does not take, an empty list and a huge grid', () => {
    expect(() => searchGrid('itemknn', {}, { factors: [8] })).toThrow(/itemknn takes no parameter "factors"/);
    expect(() => searchGrid('als', {}, { factors: [] })).toThrow(/no values for factors/);
    expect(() => searchGrid('als', {}, { factors: [1, 2, 3, 4, 5, 6, 7, 8], regularization: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toThrow(/more than 64/);
  });
});
