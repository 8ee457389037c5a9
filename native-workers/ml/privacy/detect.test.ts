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

// The edges of each check, one value on each side (each case fails when its bound or branch is changed).
describe('check edges', () => {
  it('IBANs: dashes, lower case, letters in the account part; a wrong country length or shape', () => {
    expect(isValidIban('DE89-3704-0044-0532-0130-00')).toBe(true);
    expect(isValidIban('gb82west12345698765432')).toBe(true);
    expect(isValidIban(' NL91 ABNA 0417 1643 00 ')).toBe(true);
    // 'A' (code 65) must read as 10: the Dutch bank code ABNA carries three of them.
    expect(isValidIban('NL91ABNA0417164301')).toBe(false);
    expect(isValidIban('XGB82WEST12345698765432')).toBe(false);
    expect(isValidIban('GB82WEST12345698765432X')).toBe(false);
    expect(isValidIban('GBX2WEST12345698765432')).toBe(false);
    // Norway's 15 characters: the shortest registry length passes the shape check.
    expect(isValidIban('NO9386011117947')).toBe(true);
    // Right length and mod-97 = 1 (found by search), but not the IBAN shape: letters for check digits,
    // one check digit, a stray character at the end. Each passes once the shape check loses an anchor or a digit.
    expect(isValidIban('GBAAWEST123456987654H5')).toBe(false);
    expect(isValidIban('GB8AWEST123456987654H5')).toBe(false);
    expect(isValidIban('GB82WEST12345698765B1.')).toBe(false);
  });

  it('cards: 13 and 19 digits pass, 12 and 20 do not; letters or a separator at either end do not', () => {
    expect(isLikelyCard('4222222222222')).toBe(true);
    expect(isLikelyCard('6011000000000000001')).toBe(true);
    expect(isLikelyCard('411111111117')).toBe(false);
    expect(isLikelyCard('4111 1111 1117')).toBe(false);
    // 'E' would count as digit 21 and pass Luhn: only the shape check refuses it.
    expect(isLikelyCard('4111 1111 1111 111E')).toBe(false);
    expect(isLikelyCard('60110000000000000004')).toBe(false);
    expect(isLikelyCard(' 4111 1111 1111 1111')).toBe(false);
    expect(isLikelyCard('4111 1111 1111 1111 ')).toBe(false);
    expect(isLikelyCard('4111 1111 1111 111a')).toBe(false);
    expect(isLikelyCard('1111 1111 1111 1111')).toBe(false);
    // Doubling a digit above 4 carries (×2 − 9): 5105 1051 0510 5100 is MasterCard's test number.
    expect(isLikelyCard('5105105105105100')).toBe(true);
    expect(isLikelyCard('5105105105105106')).toBe(false);
  });

  it('phones: 7 and 15 digits pass, 6 and 16 do not; a leading + or punctuation counts as formatted', () => {
    expect(isPhone('555-1234', false)).toBe(true);
    expect(isPhone('55-1234', false)).toBe(false);
    expect(isPhone('+123 456 789 012 345', false)).toBe(true);
    expect(isPhone('+123 456 789 012 3456', false)).toBe(false);
    expect(isPhone('+4791234567', false)).toBe(true);
    expect(isPhone('4791234567+', false)).toBe(false);
    expect(isPhone('555.123.4567', false)).toBe(true);
    expect(isPhone('555/123/4567', false)).toBe(true);
    expect(isPhone('call 5551234', true)).toBe(false);
    expect(isPhone('5551234567x', true)).toBe(false);
    // A formatted value needs no header; a bare run of digits needs one.
    expect(isPhone('5551234', true)).toBe(true);
    expect(isPhone('5551234', false)).toBe(false);
    // Spaces around a bare run are not punctuation.
    expect(isPhone(' 5551234 ', false)).toBe(false);
  });

  it('names: surrounding spaces are ignored, one word or four are not a name', () => {
    expect(hasNameShape('  Ada Lovelace  ')).toBe(true);
    expect(hasNameShape('Ada')).toBe(false);
    expect(hasNameShape('Ada King Byron Lovelace')).toBe(false);
  });
});

describe('detectColumn decisions', () => {
  it('a header that agrees adds 0.1, capped at 1, and says so', () => {
    const f = detectColumn({ name: 'email', values: ['a@x.org', 'b@y.com'] });
    expect(f).toMatchObject({ kind: 'email', confidence: 1, matched: 2, sampled: 2 });
    expect(f?.reason).toBe('2 of 2 sampled values look like e-mail addresses; the header "email" agrees');
    const half = detectColumn({ name: 'work_email', values: ['a@x.org', 'b', 'c', 'd'] });
    expect(half).toMatchObject({ kind: 'email', confidence: 0.35 });
    // Without the header, 1 of 4 (0.25) is below the 0.3 floor.
    expect(detectColumn({ name: 'x', values: ['a@x.org', 'b', 'c', 'd'] })).toBeNull();
  });

  it('exactly 0.3 is reported; a tie keeps the kind checked first (e-mail before IBAN)', () => {
    const values = ['a@x.org', 'b@x.org', 'c@x.org', ...Array.from({ length: 7 }, (_, i) => `w${i}`)];
    expect(detectColumn({ name: 'x', values })).toMatchObject({ kind: 'email', confidence: 0.3, matched: 3, sampled: 10 });
    const tie = detectColumn({ name: 'x', values: ['a@x.org', 'DE89370400440532013000'] });
    expect(tie).toMatchObject({ kind: 'email', confidence: 0.5, examples: ['a@x.org'] });
    expect(tie?.reason).toBe('1 of 2 sampled values look like e-mail addresses');
    // A later kind with more matches replaces an earlier one.
    expect(detectColumn({ name: 'x', values: ['a@x.org', 'DE89370400440532013000', 'GB82WEST12345698765432'] })).toMatchObject({ kind: 'iban', confidence: 0.67 });
  });

  it('values are trimmed, blanks left out, examples distinct and at most three', () => {
    const f = detectColumn({ name: 'x', values: [' a@x.org ', 'a@x.org', '  ', 'b@x.org', 'c@x.org', 'd@x.org'] });
    expect(f).toMatchObject({ kind: 'email', matched: 5, sampled: 5, confidence: 1, examples: ['a@x.org', 'b@x.org', 'c@x.org'] });
  });

  it('a person header counts at least 0.6 even when no value is name-shaped, and then shows the values', () => {
    const f = detectColumn({ name: 'customer', values: ['x1', 'x2', 'x2', 'x3', 'x4'] });
    expect(f).toMatchObject({ kind: 'name', confidence: 0.6, matched: 0, sampled: 5, examples: ['x1', 'x2', 'x3'] });
    expect(f?.reason).toBe('the header "customer" names a person; 0 of 5 sampled values are shaped like people\'s names');
    expect(detectColumn({ name: 'last_name', values: ['Ada Lovelace', 'Alan Turing'] })).toMatchObject({ kind: 'name', confidence: 1 });
    // No values at all: the header alone still says 0.6 (not NaN from 0 / 0).
    expect(detectColumn({ name: 'customer', values: [] })).toMatchObject({ kind: 'name', confidence: 0.6, sampled: 0, examples: [] });
    expect(detectColumn({ name: 'x', values: [] })).toBeNull();
  });

  it('a header naming a thing, not a person, gets no name hint', () => {
    // "product_name" matches the name hint but also notAName: the shape alone counts half.
    expect(detectColumn({ name: 'product_name', values: ['Magic Mouse', 'Apple Watch'] })).toMatchObject({ kind: 'name', confidence: 0.5 });
    expect(detectColumn({ name: 'company_name', values: ['acme', 'initech'] })).toBeNull();
  });

  it('a phone header lets bare digit runs count as phones', () => {
    const phone = detectColumn({ name: 'phone', values: ['5551234567', '5559876543'] });
    expect(phone).toMatchObject({ kind: 'phone', confidence: 1 });
    expect(phone?.reason).toBe('2 of 2 sampled values look like phone numbers; the header "phone" agrees');
    expect(detectColumn({ name: 'x', values: ['4111 1111 1111 1111'] })?.reason).toBe('1 of 1 sampled values are card numbers (Luhn check)');
    expect(detectColumn({ name: 'x', values: ['Ada Lovelace', 'Alan Turing'] })?.reason).toBe("2 of 2 sampled values are shaped like people's names");
    expect(detectColumn({ name: 'ref', values: ['5551234567', '5559876543'] })).toBeNull();
    // Only the name hint yields to a header naming a thing: a company's phone is still a phone.
    expect(detectColumn({ name: 'company_phone', values: ['5551234567', '5559876543'] })).toMatchObject({ kind: 'phone', confidence: 1 });
  });
});
