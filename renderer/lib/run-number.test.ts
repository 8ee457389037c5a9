import { describe, expect, it } from 'vitest';
import { runLabel, runNumbers } from './run-number';

describe('runNumbers', () => {
  it('numbers runs 1, 2, 3 in the order they were made, whatever their run ids', () => {
    // Ids 3, 7 and 12: imports and profiles took the ids in between.
    const n = runNumbers([12, 3, 7]);
    expect([n.get(3), n.get(7), n.get(12)]).toEqual([1, 2, 3]);
    expect(runLabel(n, 7)).toBe('#2');
    // A run the list has not loaded yet is shown by its id rather than not at all.
    expect(runLabel(n, 40)).toBe('#40');
  });
});
