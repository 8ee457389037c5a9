import { describe, expect, it } from 'vitest';
import { detectColumn, detectPersonalData, hasNameShape, isEmail, isLikelyCard, isPhone, isValidIban } from './detect';

describe('checksums', () => {
  it('accepts the published example IBANs and rejects one with a wrong check digit', () => {
    // Examples from the ECBS/SWIFT IBAN registry.
    for (const iban of ['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000', 'FR14 2004 1010 0505 0001 3M02 606', 'NL91ABNA0417164300']) {
      expect(isValidIban(iban)).toBe(true);
    }
    expect(isValidIban('GB83 WEST 1234 5698 7654 32')).toBe(false);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('hello world')).toBe(false);
    // A pseudonym that passes mod-97 once upper-cased, but no country has 32-character IBANs starting "BC".
    expect(isValidIban('bc06d6b69c77f7c8dd5c04d881ed8dfd')).toBe(false);
    // Right check digits, wrong length for Germany.
    expect(isValidIban('DE51370400440532013000123')).toBe(false);
  });

  it('Luhn: the networks test card numbers pass, a changed digit or a constant run does not', () => {
    for (const card of ['4111 1111 1111 1111', '5500-0000-0000-0004', '340000000000009', '6011000000000004']) expect(isLikelyCard(card)).toBe(true);
    expect(isLikelyCard('4111 1111 1111 1112')).toBe(false);
    expect(isLikelyCard('0000000000000000')).toBe(false);
    expect(isLikelyCard('12345')).toBe(false);
  });

  it('e-mail, phone and name shapes', () => {
    expect(isEmail('ada.lovelace+x@example.co.uk')).toBe(true);
    expect(isEmail('not an@address')).toBe(false);
    expect(isPhone('+47 912 34 567', false)).toBe(true);
    expect(isPhone('(555) 123-4567', false)).toBe(true);
    expect(isPhone('5551234567', false)).toBe(false);
    expect(isPhone('5551234567', true)).toBe(true);
    expect(hasNameShape('Ada Lovelace')).toBe(true);
    expect(hasNameShape('Ludwig van Beethoven')).toBe(true);
    expect(hasNameShape('ada lovelace')).toBe(false);
    expect(hasNameShape('Oslo')).toBe(false);
  });
});

describe('detectPersonalData', () => {
  it('names the kind of each personal column with a confidence and examples, and leaves others alone', () => {
    const found = detectPersonalData([
      { name: 'id', values: ['1', '2', '3', '4'] },
      { name: 'contact', values: ['a@x.org', 'b@y.com', '', 'c@z.net'] },
      { name: 'iban', values: ['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000', 'XX00 0000'] },
      { name: 'pan', values: ['4111 1111 1111 1111', '5500-0000-0000-0004'] },
      { name: 'mobile', values: ['+47 912 34 567', '+44 20 7946 0958'] },
      { name: 'full_name', values: ['Ada Lovelace', 'Alan Turing', 'grace'] },
      { name: 'city', values: ['New York', 'Oslo', 'Rio'] },
      { name: 'amount', values: ['12.5', '3'] },
    ]);
    expect(found.map((f) => [f.column, f.kind])).toEqual([
      ['contact', 'email'],
      ['iban', 'iban'],
      ['pan', 'card'],
      ['mobile', 'phone'],
      ['full_name', 'name'],
    ]);
    const email = found[0];
    expect(email).toMatchObject({ confidence: 1, matched: 3, sampled: 3, examples: ['a@x.org', 'b@y.com', 'c@z.net'] });
    expect(found[1]).toMatchObject({ matched: 2, sampled: 3, confidence: 0.77 });
    expect(found[1].reason).toContain('mod-97');
    expect(found[4].confidence).toBeCloseTo(0.6 + 0.4 * (2 / 3), 2);
  });

  it('a name-shaped column without a telling header is reported with half the confidence', () => {
    const f = detectColumn({ name: 'who', values: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'] });
    expect(f).toMatchObject({ kind: 'name', confidence: 0.5 });
    expect(detectColumn({ name: 'username', values: ['ada', 'alan'] })).toBeNull();
  });
});
