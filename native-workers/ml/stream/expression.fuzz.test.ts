import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSettings } from '../../../main/host/fuzz';
import { compileExpression, ExpressionError } from './expression';

/** Text made mostly of the expression language's own tokens, with any other character now and then. */
const exprText = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('(', ')', '+', '-', '*', '/', '^', ',', ' ', '1', '2.5', '1e3', '.', 'e', 'x', 'y.z', '`a b`', '`', 'sqrt', 'min', 'max', 'log', 'abs', 'exp') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }) },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

/** A valid expression over x and y, with its value computed here (null where it is not a finite number). */
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y', '1', '0', '2.5', '1e-3'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('e').map((a) => `-${a}`),
    fc.tuple(fc.constantFrom('sqrt', 'abs', 'log', 'exp'), tie('e')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('min', 'max'), fc.array(tie('e'), { minLength: 1, maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
  ),
})).e;
const reading = fc.oneof(fc.double(), fc.constant(null));

describe('expression parser (fuzz)', () => {
  const runs = fuzzSettings(2500);
  it(`any text compiles or is refused with an ExpressionError at a position inside it (${runs.numRuns} cases)`, () => {
    fc.assert(
      fc.property(exprText, (src) => {
        try {
          compileExpression(src);
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionError);
          const e = err as ExpressionError;
          expect(e.position).toBeGreaterThanOrEqual(0);
          expect(e.position).toBeLessThanOrEqual(src.length);
        }
      }),
      runs,
    );
  });

  const valid = fuzzSettings(1500);
  it(`a valid expression compiles and evaluates to a finite number or null for any readings (${valid.numRuns} cases)`, () => {
    fc.assert(
      fc.property(expr, reading, reading, (src, x, y) => {
        const c = compileExpression(src, { knownFields: ['x', 'y'] });
        const v = c.evaluate({ x, y });
        expect(v === null || Number.isFinite(v)).toBe(true);
        // The slot-bound hot path agrees with the by-name evaluation.
        expect(c.bind((name) => (name === 'x' ? 0 : 1))([x, y])).toBe(v);
      }),
      valid,
    );
  });

  const deep = fuzzSettings(50);
  it(`deep nesting and long chains are refused with an ExpressionError, not a stack overflow (${deep.numRuns} cases)`, () => {
    fc.assert(
      fc.property(fc.constantFrom('(', '-', '2^', 'sqrt(', 'min(1,', '1+', 'x*'), fc.integer({ min: 1, max: 20_000 }), (open, depth) => {
        try {
          compileExpression(`${open.repeat(depth)}1`);
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionError);
        }
      }),
      deep,
    );
  });
});
