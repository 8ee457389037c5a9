import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lines';

function split(chunks: (string | Buffer)[], max?: number): string[] {
  const s = new LineSplitter(max);
  const out: string[] = [];
  for (const c of chunks) s.push(Buffer.isBuffer(c) ? c : Buffer.from(c), (l) => out.push(l));
  return out;
}

describe('LineSplitter', () => {
  it('joins lines cut across chunks and strips \\r', () => {
    expect(split(['1,2', ',3\r\n4,', '5,6\n7'])).toEqual(['1,2,3', '4,5,6']);
  });
  it('keeps a multi-byte character split across chunks intact', () => {
    const bytes = Buffer.from('t=21.5°C\n');
    expect(split([bytes.subarray(0, 7), bytes.subarray(7)])).toEqual(['t=21.5°C']);
  });
  it('turns garbage bytes into replacement characters instead of failing', () => {
    expect(split([Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a])])).toEqual(['\uFFFD\uFFFD\u0000A']);
  });
  it('cuts a run without newline at the limit so memory stays bounded', () => {
    const out = split(['x'.repeat(30), 'y'.repeat(30), 'z\n'], 50);
    expect(out[0]).toBe('x'.repeat(30) + 'y'.repeat(30));
    expect(out[1]).toBe('z');
  });
});
