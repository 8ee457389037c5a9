import { describe, expect, it } from 'vitest';
import type { ColumnProfile } from '../../../preload/contract';
import { positiveChoice, targetClassCounts } from './positive-class';

const profile = (p: Partial<ColumnProfile>): ColumnProfile => ({
  name: 'y',
  type: 'categorical',
  count: 1000,
  missing: 0,
  distinct: 2,
  min: null,
  max: null,
  mean: null,
  std: null,
  histogram: [],
  topValues: [],
  ...p,
});

describe('the train form\'s positive class (#14.4)', () => {
  it('reads the classes and counts from the profile, labelled as the trainer labels them', () => {
    expect(targetClassCounts(profile({ topValues: [{ value: 'good', count: 950 }, { value: 'bad', count: 50 }] }))).toEqual([
      { label: 'good', count: 950 },
      { label: 'bad', count: 50 },
    ]);
    // A 0/1 integer column: 30 % ones, 10 rows missing.
    expect(targetClassCounts(profile({ type: 'integer', missing: 10, min: 0, max: 1, mean: 0.3 }))).toEqual([
      { label: '0', count: 693 },
      { label: '1', count: 297 },
    ]);
    expect(targetClassCounts(profile({ type: 'boolean', topValues: [{ value: 'false', count: 9 }, { value: 'true', count: 1 }] }))?.map((c) => c.label)).toEqual(['0', '1']);
    expect(targetClassCounts(profile({ distinct: 3 }))).toBeNull();
    expect(targetClassCounts(undefined)).toBeNull();
  });

  it('pre-fills the default and keeps what the user picked, saying what the default would be', () => {
    const classes = [
      { label: 'good', count: 950 },
      { label: 'bad', count: 50 },
    ];
    expect(positiveChoice(classes, '')).toMatchObject({ value: 'bad', hint: expect.stringMatching(/^Default: its name marks the event/) });
    expect(positiveChoice(classes, 'good')).toMatchObject({ value: 'good', hint: expect.stringMatching(/Default would be "bad"/) });
    // A pick from another target does not leak into this one.
    expect(positiveChoice(classes, 'yes').value).toBe('bad');
  });
});
