import { describe, expect, it } from 'vitest';
import { parseComparison, parseRuleSet, ruleName } from './rules';

describe('parseRuleSet', () => {
  it('accepts every kind and names rules column:kind unless named', () => {
    const set = parseRuleSet({
      version: 1,
      rules: [
        { kind: 'type', column: 'a', type: 'integer' },
        { kind: 'required', column: 'a' },
        { kind: 'range', column: 'a', min: 0 },
        { kind: 'allowed', column: 'b', values: ['x', 1] },
        { kind: 'regex', column: 'b', pattern: '\\w+', name: 'word' },
        { kind: 'unique', column: 'a' },
        { kind: 'length', column: 'b', max: 3 },
        { kind: 'compare', expression: 'a <= c' },
        { kind: 'exists', column: 'a', dataset: 'other', datasetColumn: 'id' },
      ],
    });
    expect(set.rules.map(ruleName)).toEqual(['a:type', 'a:required', 'a:range', 'b:allowed', 'word', 'a:unique', 'b:length', 'a <= c', 'a:exists']);
    expect(set.rules[3]).toEqual({ kind: 'allowed', column: 'b', values: ['x', '1'] });
  });

  it.each([
    [null, /top level: expected an object/],
    [{ version: 2, rules: [] }, /version: must be 1, not 2/],
    [{ version: 1, rules: {} }, /rules: must be a list/],
    [{ version: 1, rules: [{ kind: 'between', column: 'a' }] }, /rules\[0\]: unknown rule kind "between"; known kinds: type, required/],
    [{ version: 1, rules: [{ kind: 'range', column: 'a' }] }, /rules\[0\] \(range\): give min, max or both/],
    [{ version: 1, rules: [{ kind: 'range', column: 'a', min: 5, max: 1 }] }, /min \(5\) is above max \(1\)/],
    [{ version: 1, rules: [{ kind: 'range', column: 'a', min: '5' }] }, /min must be a number, not "5"/],
    [{ version: 1, rules: [{ kind: 'regex', column: 'a', pattern: '(' }] }, /pattern "\(" is not a valid regular expression/],
    [{ version: 1, rules: [{ kind: 'required' }] }, /rules\[0\] \(required\): column must be a non-empty text/],
    [{ version: 1, rules: [{ kind: 'compare', expression: 'a = b' }] }, /use == for equality/],
    [{ version: 1, rules: [{ kind: 'compare', expression: 'a' }] }, /has no comparison/],
    [{ version: 1, rules: [{ kind: 'compare', expression: '3 < a' }] }, /left side .* must be a column/],
    [{ version: 1, rules: [{ kind: 'type', column: 'a', type: 'date' }] }, /type must be one of integer, number, boolean, text/],
    [{ version: 1, rules: [{ kind: 'required', column: 'a' }, { kind: 'required', column: 'a' }] }, /another rule is already named "a:required"/],
  ])('refuses %j with a message saying where', (json, message) => {
    expect(() => parseRuleSet(json)).toThrow(message);
  });

  it('checks columns when given', () => {
    expect(() => parseRuleSet({ version: 1, rules: [{ kind: 'compare', expression: 'end >= begin' }] }, ['start', 'end'])).toThrow(/column "begin" is not in the data/);
  });
});

describe('parseComparison', () => {
  it('reads columns, backquoted names, numbers and quoted text; operators inside quotes are text', () => {
    expect(parseComparison('end>=start')).toEqual({ left: 'end', op: '>=', right: { column: 'start' } });
    expect(parseComparison('`unit price` > -1.5e2')).toEqual({ left: 'unit price', op: '>', right: { value: -150 } });
    expect(parseComparison("note != 'a<b'")).toEqual({ left: 'note', op: '!=', right: { value: 'a<b' } });
    expect(parseComparison('`a>=b` == "x"')).toEqual({ left: 'a>=b', op: '==', right: { value: 'x' } });
  });
});
