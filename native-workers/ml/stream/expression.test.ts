import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError, parseExpression } from './expression';

const ev = (src: string, vals: Record<string, number | null> = {}): number | null => compileExpression(src).evaluate(vals);

function errorOf(src: string, knownFields?: readonly string[]): ExpressionError {
  try {
    compileExpression(src, knownFields ? { knownFields } : {});
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`expected ${src} to fail`);
}

describe('expression evaluation', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['24 / 4 / 3', 2],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['2 ^ -1', 0.5],
    ['--3', 3],
    ['+3 - -3', 6],
    ['1e-3 * 1000', 1],
    ['.5 + 2.5E1', 25.5],
    ['sqrt(16) + abs(-2)', 6],
    ['min(3, 1, 2) + max(4, 9)', 10],
    ['max(5)', 5],
    ['log(exp(2))', 2],
    ['3 * -2', -6],
  ])('%s = %d', (src, want) => {
    expect(ev(src)).toBeCloseTo(want, 12);
  });

  it('reads fields, dotted names and backtick-quoted names', () => {
    const vals = { temp: 20, hum: 50, 'temp.mean': 19, 'air temp (°C)': 3 };
    expect(ev('temp * 9 / 5 + 32', vals)).toBeCloseTo(68, 12);
    expect(ev('temp - temp.mean', vals)).toBe(1);
    expect(ev('`air temp (°C)` * 2', vals)).toBe(6);
    expect(ev('`max` + 1', { max: 2 })).toBe(3);
    expect(compileExpression('a + b * a + `c d`').fields).toEqual(['a', 'b', 'c d']);
  });

  it('gives null when an input is null or missing, and for non-finite results', () => {
    expect(ev('temp + 1', { temp: null })).toBeNull();
    expect(ev('temp + 1', {})).toBeNull();
    expect(ev('max(a, b)', { a: 1, b: null })).toBeNull();
    expect(ev('1 / x', { x: 0 })).toBeNull();
    expect(ev('sqrt(x)', { x: -1 })).toBeNull();
    expect(ev('log(0)')).toBeNull();
  });

  it('binds to slots for the hot path', () => {
    const c = compileExpression('sqrt(x^2 + y^2)');
    const slots: Record<string, number> = { x: 2, y: 0 };
    const f = c.bind((n) => slots[n]);
    expect(f([4, 99, 3])).toBe(5);
    expect(f([null, 0, 3])).toBeNull();
  });

  it('parses to an AST with the right precedence', () => {
    expect(parseExpression('a + b * 2')).toEqual({
      kind: 'binary',
      op: '+',
      left: { kind: 'field', name: 'a', position: 0 },
      right: { kind: 'binary', op: '*', left: { kind: 'field', name: 'b', position: 4 }, right: { kind: 'number', value: 2 } },
    });
  });
});

describe('expression errors', () => {
  it.each([
    ['', 0, /empty/],
    ['1 +', 3, /Unexpected end of expression/],
    ['(1 + 2', 6, /Expected '\)' to close the '\(' at character 1/],
    ['1 + 2)', 5, /Unmatched '\)'/],
    ['2 $ 3', 2, /Unexpected character '\$'/],
    ['foo(1)', 0, /Unknown function 'foo'/],
    ['sqrt(1, 2)', 0, /sqrt\(\) takes 1 argument, got 2/],
    ['max()', 4, /max\(\) needs an argument/],
    ['1e', 0, /exponent needs digits/],
    ['2x', 0, /Malformed number/],
    ['1.2.3', 0, /Malformed number/],
    ['a b', 2, /Unexpected 'b': expected an operator/],
    ['`temp', 0, /Unclosed backtick/],
    ['3 * * 4', 4, /Unexpected '\*'/],
    ['min(1 2)', 6, /Expected ',' or '\)'/],
  ])('%j fails at %d', (src, pos, msg) => {
    const e = errorOf(src);
    expect(e.position).toBe(pos);
    expect(e.message).toMatch(msg);
    expect(e.message).toContain(`(at character ${pos + 1})`);
  });

  it('reports unknown fields with their position when the fields are known', () => {
    const e = errorOf('temp + hmu', ['temp', 'hum']);
    expect(e.position).toBe(7);
    expect(e.message).toBe("Unknown field 'hmu' (known: temp, hum) (at character 8)");
    expect(() => compileExpression('temp + hum', { knownFields: ['temp', 'hum'] })).not.toThrow();
  });

  it('never executes code', () => {
    expect(() => compileExpression('constructor.constructor("return 1")()')).toThrow(ExpressionError);
    expect(() => compileExpression('process.exit(1)')).toThrow(/Unknown function 'process.exit'/);
    expect(ev('constructor', {})).toBeNull();
    expect(ev('__proto__ + 1', {})).toBeNull();
  });
});
