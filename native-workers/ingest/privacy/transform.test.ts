import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyFingerprint, mask, pseudonymise } from './transform';

describe('pseudonymise', () => {
  it('is HMAC-SHA256: RFC 4231 test case 1 gives the published digest (first 128 bits)', () => {
    const key = Buffer.alloc(20, 0x0b);
    expect(pseudonymise(key, 'Hi There')).toBe('b0344c61d8db38535ca8afceaf0bf12b');
  });

  it('same key → same pseudonym; another key → another; numbers by their text; null stays null', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    expect(pseudonymise(a, 'ada@example.org')).toBe(pseudonymise(a, 'ada@example.org'));
    expect(pseudonymise(a, 'ada@example.org')).not.toBe(pseudonymise(b, 'ada@example.org'));
    expect(pseudonymise(a, 42)).toBe(createHmac('sha256', a).update('42').digest('hex').slice(0, 32));
    expect(pseudonymise(a, null)).toBeNull();
    expect(keyFingerprint(a)).not.toBe(keyFingerprint(b));
    expect(keyFingerprint(a)).not.toContain(a.toString('hex').slice(0, 8));
  });
});

describe('mask', () => {
  it('keeps the last characters', () => {
    expect(mask('4111111111111111')).toBe('************1111');
    expect(mask('ab', 4)).toBe('ab');
    expect(mask(12345, 2)).toBe('***45');
    expect(mask(null)).toBeNull();
  });
});
