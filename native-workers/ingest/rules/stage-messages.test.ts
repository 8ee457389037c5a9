import { describe, expect, it } from 'vitest';
import { parseRuleSet, type Rule } from '../../../preload/contract/rules';
import type { Cell } from '../../../preload/contract/types';
import { RulesStage } from './stage';

/**
 * What each rule says and where its edges are: the cases Stryker's survivors showed untested
 * (docs/figures.md, ingest/rules). Messages are what a user reads in quarantine, so they are
 * checked word for word.
 */
function stage(rules: Rule[], columns: string[]): RulesStage {
  const s = new RulesStage(parseRuleSet({ version: 1, rules }), () => new Set(['k1', '7']));
  s.bind(columns);
  return s;
}

/** The messages a row gets, in rule order. */
function messages(s: RulesStage, row: Cell[]): string[] {
  return s.process([...row]).map((i) => i.message);
}

describe('rule messages and edges', () => {
  it('compare: every operator at equal, lower and higher values', () => {
    const verdicts = (op: string): boolean[] => {
      const s = stage([{ kind: 'compare', expression: `a ${op} b` }], ['a', 'b']);
      return [[2, 2], [1, 2], [3, 2]].map((row) => s.process(row).length === 0);
    };
    expect(verdicts('<')).toEqual([false, true, false]);
    expect(verdicts('<=')).toEqual([true, true, false]);
    expect(verdicts('==')).toEqual([true, false, false]);
    expect(verdicts('!=')).toEqual([false, true, true]);
    expect(verdicts('>=')).toEqual([true, false, true]);
    expect(verdicts('>')).toEqual([false, false, true]);
  });

  it('compare: numbers as numbers only when both sides read as numbers, else as text; the message names the other column', () => {
    const s = stage([{ kind: 'compare', expression: 'a < b' }], ['a', 'b']);
    expect(messages(s, ['9', '10'])).toEqual([]); // 9 < 10, though "9" > "10" as text
    expect(messages(s, ['10', 'x'])).toEqual([]); // "10" < "x" as text
    expect(messages(s, ['x', '10'])).toEqual(['"x" < "10" (b) is false']);
    expect(messages(s, [3, 2])).toEqual(['3 < 2 (b) is false']);
    const constant = stage([{ kind: 'compare', expression: 'a <= 5' }], ['a']);
    expect(messages(constant, [7])).toEqual(['7 <= 5 is false']);
  });

  it('type: what each failing type says; numbers and text cells alike', () => {
    const s = stage(
      [
        { kind: 'type', column: 'i', type: 'integer' },
        { kind: 'type', column: 'n', type: 'number' },
        { kind: 'type', column: 'b', type: 'boolean' },
      ],
      ['i', 'n', 'b'],
    );
    expect(messages(s, [1.5, 'x', 2])).toEqual(['1.5 is not an integer', '"x" is not a number', '2 is not boolean']);
    expect(messages(s, ['2.5', 'x1', 'maybe'])).toEqual(['"2.5" is not an integer', '"x1" is not a number', '"maybe" is not boolean']);
    expect(messages(s, [3, '4.5', 1])).toEqual([]);
  });

  it('range: one-sided bounds check only their side; text says it is not a number', () => {
    const max = stage([{ kind: 'range', column: 'v', max: 10 }], ['v']);
    expect(messages(max, [-1e9])).toEqual([]);
    expect(messages(max, [11])).toEqual(['11 is above 10']);
    expect(messages(max, ['abc'])).toEqual(['"abc" is not a number']);
    const min = stage([{ kind: 'range', column: 'v', min: 0 }], ['v']);
    expect(messages(min, [1e9])).toEqual([]);
    expect(messages(min, ['-1'])).toEqual(['-1 is below 0']);
  });

  it('length counts characters, not UTF-16 units: a surrogate pair is one, a lone surrogate is one', () => {
    const s = stage([{ kind: 'length', column: 't', min: 2, max: 2 }], ['t']);
    // U+10000 and U+10FFFF are the first and last pairs; each pair is one character.
    for (const pairs of ['😀😀', '\ud800\udc00\ud800\udc00', '\udbff\udfff\udbff\udfff']) expect(messages(s, [pairs]), pairs).toEqual([]);
    expect(messages(s, ['a\udc00'])).toEqual([]); // a letter, then a lone low surrogate: two
    expect(messages(s, ['\ud83da'])).toEqual([]); // a lone high surrogate, then a letter: two
    expect(messages(s, ['\ud800\udc00a'])).toEqual([]); // a pair, then a letter: two
    expect(messages(s, ['\udc00\udc00'])).toEqual([]); // two low surrogates: two
    expect(messages(s, ['\ud800\ue000'])).toEqual([]); // a high surrogate, then U+E000: two
    expect(messages(s, ['😀'])).toEqual(['1 characters, fewer than 2']);
    expect(messages(s, ['abc'])).toEqual(['3 characters, more than 2']);
  });

  it('allowed lists at most 8 values in its message; long values are cut at 60 characters', () => {
    const eight = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    expect(messages(stage([{ kind: 'allowed', column: 'c', values: eight }], ['c']), ['z'])).toEqual(['"z" is not one of a, b, c, d, e, f, g, h']);
    const ten = stage([{ kind: 'allowed', column: 'c', values: [...eight, 'i', 'j'] }], ['c']);
    expect(messages(ten, ['z'])).toEqual(['"z" is not one of a, b, c, d, e, f, g, h, …']);
    expect(messages(ten, ['x'.repeat(60)])).toEqual([`"${'x'.repeat(60)}" is not one of a, b, c, d, e, f, g, h, …`]);
    expect(messages(ten, ['y'.repeat(61)])).toEqual([`"${'y'.repeat(60)}…" is not one of a, b, c, d, e, f, g, h, …`]);
  });

  it('regex is anchored, unicode-aware, and its message shows the pattern', () => {
    const s = stage([{ kind: 'regex', column: 'c', pattern: '.' }], ['c']);
    expect(messages(s, ['😀'])).toEqual([]); // one code point: the u flag
    expect(messages(s, ['ab'])).toEqual(['"ab" does not match /./']);
  });

  it('unique and exists: their messages; different text values are not duplicates', () => {
    const s = stage(
      [
        { kind: 'unique', column: 'u' },
        { kind: 'exists', column: 'k', dataset: 'other', datasetColumn: 'key' },
      ],
      ['u', 'k'],
    );
    expect(messages(s, ['p', 'k1'])).toEqual([]);
    expect(messages(s, ['q', 7])).toEqual([]);
    expect(messages(s, ['p', 'k2'])).toEqual(['"p" appears more than once', '"k2" is not in other.key']);
  });

  it('summary lists every rule from the start, with 0 failures', () => {
    const s = stage([{ kind: 'required', column: 'a' }, { kind: 'unique', column: 'a' }], ['a']);
    expect(s.summary()).toEqual({ 'a:required': 0, 'a:unique': 0 });
  });

  it('declaredType is the type rule of that column, and only a type rule', () => {
    const s = stage(
      [
        { kind: 'range', column: 'a', min: 0 },
        { kind: 'range', column: 'b', min: 0 },
        { kind: 'type', column: 'b', type: 'integer' },
      ],
      ['a', 'b'],
    );
    expect(s.declaredType('b')).toBe('integer'); // past b's range rule
    expect(s.declaredType('a')).toBeUndefined();
  });
});
