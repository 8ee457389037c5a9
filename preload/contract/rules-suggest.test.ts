import { describe, expect, it } from 'vitest';
import { factsFromRows, suggestRules } from './rules-suggest';
import { parseRuleSet } from './rules';

const header = ['customer_id', 'email', 'zip', 'plan', 'age', 'score', 'note'];
const rows = Array.from({ length: 20 }, (_, i) => [
  String(1000 + i),
  `user${i}@example.com`,
  // ZIP+4 on odd rows makes the column text (plain 5-digit ZIPs read as integers).
  `${String(10000 + i * 37)}${i % 2 ? '-1234' : ''}`,
  ['basic', 'pro', 'team'][i % 3],
  String(20 + i),
  (i * 0.25).toFixed(2),
  i % 4 === 0 ? '' : `free text ${i}`,
]);

describe('suggestRules', () => {
  const set = suggestRules(factsFromRows(header, rows));
  const of = (col: string): Record<string, unknown>[] => set.rules.filter((r) => r.kind !== 'compare' && r.column === col) as unknown as Record<string, unknown>[];

  it('is a valid rule set that the rows it came from pass', () => {
    expect(() => parseRuleSet(set, header)).not.toThrow();
  });

  it('unique for id-like columns whose values are all distinct, with no range for them', () => {
    expect(of('customer_id').map((r) => r['kind'])).toEqual(['type', 'required', 'unique']);
  });

  it('a regex for e-mails and ZIP codes', () => {
    expect(of('email')).toEqual([{ kind: 'required', column: 'email' }, expect.objectContaining({ kind: 'regex', name: 'email:e-mail' })]);
    expect(of('zip').find((r) => r['kind'] === 'regex')).toMatchObject({ name: 'zip:US ZIP code' });
  });

  it('allowed values for low-cardinality text, sorted', () => {
    expect(of('plan').find((r) => r['kind'] === 'allowed')).toEqual({ kind: 'allowed', column: 'plan', values: ['basic', 'pro', 'team'] });
  });

  it('ranges from min/max widened by 10% of the spread, never below 0 for non-negative data', () => {
    // age 20..39: spread 19, pad 1.9 → 18.1..40.9 → integers 18..41.
    expect(of('age').find((r) => r['kind'] === 'range')).toEqual({ kind: 'range', column: 'age', min: 18, max: 41 });
    // score 0..4.75: pad 0.475 → min clamped to 0, max 5.225 rounded up at 0.1 → 5.3.
    expect(of('score').find((r) => r['kind'] === 'range')).toEqual({ kind: 'range', column: 'score', min: 0, max: 5.3 });
  });

  it('no required where values are missing, nothing for free text', () => {
    expect(of('note')).toEqual([]);
  });
});
