import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSettings } from '../../main/host/fuzz';
import { LineSplitter } from './lines';

/** Feeds `bytes` cut at `cuts`; returns the lines and the longest text held back between chunks. */
function feed(bytes: Uint8Array, cuts: readonly number[], max: number): { lines: string[]; held: number } {
  const s = new LineSplitter(max);
  const lines: string[] = [];
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  let held = 0;
  let fed = 0;
  for (const c of [...at, bytes.length]) {
    s.push(Buffer.from(bytes.subarray(from, c)), (l) => lines.push(l));
    fed += c - from;
    from = c;
    // What was fed but not emitted is held: bounded by the longest line allowed.
    const out = Buffer.byteLength(lines.join('\n'));
    held = Math.max(held, fed - out);
  }
  return { lines, held };
}

const cuts = fc.array(fc.nat(), { maxLength: 10 });
/** Bytes of text lines with the odd invalid byte, CR and stray newline. */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ unit: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('a', '1', ',', '\n', '\r', ' ', 'é', '€', '𐀀') }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }), maxLength: 200 }).map((s) => new Uint8Array(Buffer.from(s))),
);

describe('LineSplitter (fuzz)', () => {
  const runs = fuzzSettings(2000);
  it(`any bytes, cut anywhere: the lines of the whole text, bounded memory, whatever the chunking (${runs.numRuns} cases)`, () => {
    fc.assert(
      fc.property(bytes, cuts, (b, at) => {
        // With lines shorter than the limit, chunking changes nothing but where a partial line waits.
        const whole = feed(b, [], 1 << 20).lines;
        expect(feed(b, at, 1 << 20).lines).toEqual(whole);
        const text = Buffer.from(b).toString('utf8');
        const nl = text.lastIndexOf('\n');
        expect(whole).toEqual(nl === -1 ? [] : text.slice(0, nl).split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
      }),
      runs,
    );
  });

  const small = fuzzSettings(1000);
  it(`a run of bytes with no newline never holds more than the limit (${small.numRuns} cases)`, () => {
    fc.assert(
      fc.property(bytes, cuts, fc.integer({ min: 1, max: 64 }), (b, at, max) => {
        const { held } = feed(b, at, max);
        // One chunk may add up to its own size before the cut; the chunks here are at most the input.
        expect(held).toBeLessThanOrEqual(max + b.length);
      }),
      small,
    );
  });
});
