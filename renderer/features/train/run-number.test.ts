import { describe, expect, it } from 'vitest';
import { trainRunNumbers } from './run-number';

describe('trainRunNumbers', () => {
  it('numbers training runs 1, 2, 3 in the order they were made, whatever their run ids', () => {
    // Ids 3, 7 and 12: imports and profiles took the ids in between.
    const n = trainRunNumbers([12, 3, 7]);
    expect([n.get(3), n.get(7), n.get(12)]).toEqual([1, 2, 3]);
  });
});
