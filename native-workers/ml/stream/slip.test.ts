import { describe, expect, it } from 'vitest';
import { SLIP_END, SLIP_ESC, SLIP_ESC_END, SLIP_ESC_ESC, SlipDecoder, slipEncode } from './slip';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('slipEncode', () => {
  it('wraps in END and escapes END and ESC', () => {
    expect([...slipEncode(bytes(1, SLIP_END, 2, SLIP_ESC, 3))]).toEqual([SLIP_END, 1, SLIP_ESC, SLIP_ESC_END, 2, SLIP_ESC, SLIP_ESC_ESC, 3, SLIP_END]);
    expect([...slipEncode(bytes())]).toEqual([SLIP_END, SLIP_END]);
  });
});

describe('SlipDecoder', () => {
  it('round-trips frames with every byte value', () => {
    const payloads = [Uint8Array.from({ length: 256 }, (_, i) => i), bytes(SLIP_END, SLIP_END), bytes(SLIP_ESC), bytes(7)];
    const d = new SlipDecoder();
    const frames = d.push(concat(...payloads.map(slipEncode)));
    expect(frames.map((f) => [...f])).toEqual(payloads.map((p) => [...p]));
    expect(d.errors).toBe(0);
  });

  it('decodes across every possible chunk boundary, including between ESC and its code', () => {
    const payloads = [bytes(1, 2, SLIP_END, 3), bytes(SLIP_ESC, SLIP_ESC, 9), bytes(4, 5, 6, 7)];
    const stream = concat(...payloads.map(slipEncode));
    for (let cut = 0; cut <= stream.length; cut++) {
      for (let cut2 = cut; cut2 <= stream.length; cut2 += 3) {
        const d = new SlipDecoder();
        const frames = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut, cut2)), ...d.push(stream.subarray(cut2))];
        expect(frames.map((f) => [...f])).toEqual(payloads.map((p) => [...p]));
        expect(d.errors).toBe(0);
      }
    }
  });

  it('decodes byte by byte', () => {
    const payload = bytes(SLIP_ESC, SLIP_END, 0, 255);
    const d = new SlipDecoder();
    const frames: Uint8Array[] = [];
    for (const b of concat(slipEncode(payload), slipEncode(payload))) frames.push(...d.push(bytes(b)));
    expect(frames.map((f) => [...f])).toEqual([[...payload], [...payload]]);
  });

  it('skips empty frames', () => {
    const d = new SlipDecoder();
    expect(d.push(bytes(SLIP_END, SLIP_END, SLIP_END, 1, SLIP_END, SLIP_END)).map((f) => [...f])).toEqual([[1]]);
    expect(d.errors).toBe(0);
  });

  it('drops a frame with an invalid escape, counts it, and resumes at the next END', () => {
    const d = new SlipDecoder();
    const frames = d.push(concat(bytes(SLIP_END, 1, SLIP_ESC, 0x42, 2, 3, SLIP_END), slipEncode(bytes(4, 5))));
    expect(frames.map((f) => [...f])).toEqual([[4, 5]]);
    expect(d.errors).toBe(1);
    // ESC right before END is also a broken frame.
    expect(d.push(bytes(6, SLIP_ESC, SLIP_END, 7, SLIP_END)).map((f) => [...f])).toEqual([[7]]);
    expect(d.errors).toBe(2);
  });

  it('an invalid escape split across chunks is still caught', () => {
    const d = new SlipDecoder();
    expect(d.push(bytes(SLIP_END, 1, SLIP_ESC))).toEqual([]);
    expect(d.push(bytes(0x00, 2, SLIP_END, 3, SLIP_END)).map((f) => [...f])).toEqual([[3]]);
    expect(d.errors).toBe(1);
  });

  it('drops frames longer than maxFrameBytes (line noise with no END)', () => {
    const d = new SlipDecoder(8);
    expect(d.push(new Uint8Array(100).fill(1))).toEqual([]);
    expect(d.push(concat(bytes(SLIP_END), slipEncode(bytes(1, 2, 3, 4, 5, 6, 7, 8)))).map((f) => f.length)).toEqual([8]);
    expect(d.errors).toBe(1);
  });

  it('keeps a frame of exactly maxFrameBytes and drops one byte more', () => {
    const d = new SlipDecoder(300); // past the first 256-byte buffer: it grows to the limit, not beyond
    const full = Uint8Array.from({ length: 300 }, (_, i) => i % 192);
    expect(d.push(slipEncode(full)).map((f) => f.length)).toEqual([300]);
    expect(d.push(slipEncode(Uint8Array.from({ length: 301 }, (_, i) => i % 192)))).toEqual([]);
    expect(d.errors).toBe(1);
  });

  it('returns copies that later pushes do not overwrite', () => {
    const d = new SlipDecoder();
    const [a] = d.push(slipEncode(bytes(1, 2)));
    d.push(slipEncode(bytes(3, 4)));
    expect([...a]).toEqual([1, 2]);
  });

  it('reset() discards a partial frame', () => {
    const d = new SlipDecoder();
    d.push(bytes(SLIP_END, 1, 2));
    d.reset();
    expect(d.push(bytes(3, SLIP_END)).map((f) => [...f])).toEqual([[3]]);
  });
});
