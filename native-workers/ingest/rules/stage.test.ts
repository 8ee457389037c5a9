import { describe, expect, it } from 'vitest';
import { parseRuleSet, type Rule } from '../../../preload/contract/rules';
import type { Cell } from '../../../preload/contract/types';
import { RulesStage, type LookupLoader } from './stage';

const noLookup: LookupLoader = () => new Set();

function stage(rules: Rule[], columns: string[], lookup: LookupLoader = noLookup): RulesStage {
  const s = new RulesStage(parseRuleSet({ version: 1, rules }), lookup);
  s.bind(columns);
  return s;
}

/** The rule names each row fails, in order. */
function failures(s: RulesStage, rows: Cell[][]): string[][] {
  return rows.map((r) => s.process([...r]).map((i) => i.rule));
}

describe('RulesStage', () => {
  it('required fails only missing values; every other rule lets missing values pass', () => {
    const s = stage(
      [
        { kind: 'required', column: 'a' },
        { kind: 'range', column: 'b', min: 0, max: 1 },
        { kind: 'regex', column: 'c', pattern: 'x+' },
        { kind: 'allowed', column: 'c', values: ['x'], name: 'c-allowed' },
        { kind: 'length', column: 'c', max: 1 },
        { kind: 'type', column: 'b', type: 'integer' },
        { kind: 'unique', column: 'b' },
        { kind: 'compare', expression: 'a < b' },
      ],
      ['a', 'b', 'c'],
    );
    expect(failures(s, [[null, null, null]])).toEqual([['a:required']]);
    expect(failures(s, [[1, null, null]])).toEqual([[]]);
    expect(s.summary()['a:required']).toBe(1);
  });

  it('range: inclusive bounds, numbers in text columns read as numbers, text fails', () => {
    const s = stage([{ kind: 'range', column: 'v', min: 0, max: 10 }], ['v']);
    expect(failures(s, [[0], [10], [-0.0001], [10.5], ['7'], ['abc']])).toEqual([[], [], ['v:range'], ['v:range'], [], ['v:range']]);
    const issue = s.process(['abc'])[0];
    expect(issue.message).toBe('"abc" is not a number');
    expect(s.process([11])[0].message).toBe('11 is above 10');
  });

  it('type: integer, number, boolean, text; text cells that parse as the type pass', () => {
    const s = stage(
      [
        { kind: 'type', column: 'i', type: 'integer' },
        { kind: 'type', column: 'n', type: 'number' },
        { kind: 'type', column: 'b', type: 'boolean' },
      ],
      ['i', 'n', 'b'],
    );
    expect(failures(s, [[3, 2.5, 1], [3.5, 'x', 2], ['12', '1e3', 'true'], ['1.5', '', 'maybe'], [0, 0, 0], [-4, -1, 'false']])).toEqual([
      [],
      ['i:type', 'n:type', 'b:type'],
      [],
      ['i:type', 'b:type'],
      [],
      [],
    ]);
  });

  it('length counts Unicode characters, not UTF-16 units or bytes', () => {
    const s = stage([{ kind: 'length', column: 's', min: 2, max: 3 }], ['s']);
    // 'é' precomposed is one unit; '😀' is two UTF-16 units but one character.
    expect(failures(s, [['é'], ['éé'], ['😀😀😀'], ['😀😀😀😀'], ['ab']])).toEqual([['s:length'], [], [], ['s:length'], []]);
    expect(s.process(['😀😀😀😀'])[0].message).toBe('4 characters, more than 3');
  });

  it('regex is anchored to the whole value, and alternatives stay inside the anchors', () => {
    const s = stage([{ kind: 'regex', column: 'z', pattern: '\\d{5}|\\d{5}-\\d{4}' }], ['z']);
    expect(failures(s, [['12345'], ['12345-6789'], ['123456'], ['x12345'], ['12345x'], ['1234']])).toEqual([[], [], ['z:regex'], ['z:regex'], ['z:regex'], ['z:regex']]);
    const ci = stage([{ kind: 'regex', column: 'z', pattern: '[a-z]+', ignoreCase: true }], ['z']);
    expect(failures(ci, [['ABC'], ['ab1']])).toEqual([[], ['z:regex']]);
    // Without ignoreCase the case counts.
    const cs = stage([{ kind: 'regex', column: 'z', pattern: '[a-z]+' }], ['z']);
    expect(failures(cs, [['abc'], ['ABC'], ['aBc']])).toEqual([[], ['z:regex'], ['z:regex']]);
  });

  it('allowed compares as text, so 1 and "1" are the same value', () => {
    const s = stage([{ kind: 'allowed', column: 'k', values: ['1', 'red'] }], ['k']);
    expect(failures(s, [[1], ['1'], ['red'], ['Red'], [2]])).toEqual([[], [], [], ['k:allowed'], ['k:allowed']]);
  });

  it('unique flags the second and later occurrences; rejected rows do not claim their value', () => {
    const s = stage(
      [
        { kind: 'unique', column: 'id' },
        { kind: 'required', column: 'x' },
      ],
      ['id', 'x'],
    );
    const long = 'y'.repeat(100);
    expect(
      failures(s, [
        [1, 'a'],
        [2, null], // rejected (x missing): 2 stays free
        [2, 'b'],
        [1, 'c'],
        [long, 'd'],
        [long, 'e'],
        [null, 'f'],
        [null, 'g'],
      ]),
    ).toEqual([[], ['x:required'], [], ['id:unique'], [], ['id:unique'], [], []]);
  });

  it('seed() makes existing values count as taken', () => {
    const s = stage([{ kind: 'unique', column: 'id' }], ['id']);
    s.seed([7]);
    expect(failures(s, [[7], [8]])).toEqual([['id:unique'], []]);
  });

  it('compare: column vs column, column vs constant, numbers as numbers, text as text, missing passes', () => {
    const s = stage(
      [
        { kind: 'compare', expression: 'end >= start' },
        { kind: 'compare', expression: "status != 'void'" },
        { kind: 'compare', expression: '`unit price` > 0' },
      ],
      ['start', 'end', 'status', 'unit price'],
    );
    expect(
      failures(s, [
        [1, 2, 'ok', 3],
        [2, 1, 'ok', 3],
        ['9', '10', 'ok', 1], // numeric text compares numerically: 10 >= 9
        ['2026-01-02', '2026-01-01', 'void', 0],
        [null, 1, null, null],
      ]),
    ).toEqual([[], ['end >= start'], [], ['end >= start', "status != 'void'", '`unit price` > 0'], []]);
    expect(s.process([5, 4, 'ok', 1])[0]).toEqual({ rule: 'end >= start', column: 'end', message: '4 >= 5 (start) is false' });
  });

  it('exists looks values up in the loaded set, once', () => {
    let loads = 0;
    const s = stage([{ kind: 'exists', column: 'cust', dataset: 'customers', datasetColumn: 'id' }], ['cust'], (ds, col) => {
      loads++;
      expect([ds, col]).toEqual(['customers', 'id']);
      return new Set(['1', '2', 'x']);
    });
    expect(failures(s, [[1], ['2'], [3], ['x']])).toEqual([[], [], ['cust:exists'], []]);
    expect(loads).toBe(1);
  });

  it('reports every failing rule of a row and counts each', () => {
    const s = stage(
      [
        { kind: 'range', column: 'a', max: 0 },
        { kind: 'length', column: 'b', max: 1 },
      ],
      ['a', 'b'],
    );
    failures(s, [
      [1, 'xx'],
      [1, 'x'],
      [0, 'xx'],
    ]);
    expect(s.summary()).toEqual({ 'a:range': 2, 'b:length': 2 });
  });

  it('bind refuses a rule on a column the data does not have, naming it', () => {
    const s = new RulesStage(parseRuleSet({ version: 1, rules: [{ kind: 'required', column: 'nope' }] }), noLookup);
    expect(() => s.bind(['a', 'b'])).toThrow(/rules\[0\] \(nope:required\): column "nope" is not in the data; columns are a, b/);
  });
});
