import { describe, expect, it } from 'vitest';
import { defaultPositive, orderForPositive } from './positive-class';

const c = (label: string, count: number) => ({ label, count });

describe('the default positive class of a binary target (#14.4)', () => {
  it('takes the minority class: "bad" among 5 % bad loans, not the sorted-last "good"', () => {
    expect(defaultPositive([c('bad', 50), c('good', 950)])).toBe('bad');
    expect(defaultPositive([c('approved', 950), c('rejected', 50)])).toBe('rejected');
    expect(defaultPositive([c('rejected', 950), c('approved', 50)])).toBe('approved');
  });

  it('lets an event name win over frequency: yes, true, 1, churn, fraud, bad, positive, default, spam', () => {
    expect(defaultPositive([c('no', 100), c('yes', 900)])).toBe('yes');
    expect(defaultPositive([c('0', 10), c('1', 990)])).toBe('1');
    expect(defaultPositive([c('False', 10), c('True', 990)])).toBe('True');
    expect(defaultPositive([c('bad', 900), c('good', 100)])).toBe('bad');
    expect(defaultPositive([c('ham', 100), c('spam', 900)])).toBe('spam');
    expect(defaultPositive([c('default', 600), c('paid', 400)])).toBe('default');
    expect(defaultPositive([c('legit', 10), c('fraud', 990)])).toBe('fraud');
  });

  it('a tie keeps the sorted-last class, as runs did before', () => {
    expect(defaultPositive([c('b', 5), c('a', 5)])).toBe('b');
  });

  it('orders the classes negative first, positive last (class index 1), and refuses an unknown label', () => {
    expect(orderForPositive(['bad', 'good'], 'bad')).toEqual(['good', 'bad']);
    expect(orderForPositive(['bad', 'good'], 'good')).toEqual(['bad', 'good']);
    expect(() => orderForPositive(['bad', 'good'], 'Bad')).toThrow(/"Bad" is not one of the classes "bad", "good"/);
  });
});
