import type { PiiFinding, PiiKind } from '../../../preload/contract/governance';

/**
 * IBAN length per country (SWIFT IBAN registry). Checking it matters: without it about one random
 * 32-character hex string in 300 (a pseudonym, a hash) passes mod-97 once upper-cased.
 */
const ibanLength: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18,
  FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24,
  ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23,
  ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** IBAN check digits: move the first four characters to the end, letters → 10..35, the number mod 97 must be 1. */
export function isValidIban(value: string): boolean {
  const s = value.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s) || ibanLength[s.slice(0, 2)] !== s.length) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** Card numbers: 13–19 digits (spaces or dashes allowed) passing the Luhn check, not one repeated digit. */
export function isLikelyCard(value: string): boolean {
  if (!/^\d[\d -]{11,22}\d$/.test(value)) return false;
  const digits = value.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      // Stryker disable next-line EqualityOperator: d is even here, so it is never 9 (>= 9 is the same test).
      if (d > 9) d -= 9;
    }
    // Stryker disable next-line AssignmentOperator: -sum is a multiple of 10 exactly when sum is.
    sum += d;
  }
  return sum % 10 === 0;
}

const emailRe = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
export function isEmail(value: string): boolean {
  return emailRe.test(value);
}

/**
 * Phone numbers: 7–15 digits with the punctuation people write them with. A bare run of digits
 * is only a phone when the header says so (otherwise every id column would be one).
 */
export function isPhone(value: string, headerSaysPhone: boolean): boolean {
  if (!/^\+?[\d\s().\-/]{7,24}$/.test(value)) return false;
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  const formatted = value.startsWith('+') || /[\s().\-/]/.test(value.trim());
  return formatted || headerSaysPhone;
}

/** A person's name: two or three capitalised words of letters (apostrophes and hyphens allowed). */
const nameShapeRe = /^\p{Lu}[\p{Ll}'’-]+(?:\s+(?:(?:van|von|de|der|da|di|le|la|du|ten)\s+)?\p{Lu}[\p{Ll}'’-]+){1,2}$/u;
export function hasNameShape(value: string): boolean {
  return nameShapeRe.test(value.trim());
}

const headerHints: Record<PiiKind, RegExp> = {
  email: /e-?mail|mail_?addr/i,
  phone: /phone|tel(e|\b|_)|mobile|cell|fax/i,
  iban: /iban|account|konto/i,
  card: /card|credit|pan\b|cc_?num/i,
  name: /(^|_|\s|\b)(first|last|given|family|full|sur|middle|maiden)?_?\s?name($|_|\s)|^name|customer|contact|patient|person|owner/i,
};
const notAName = /file|user_?name|host|dataset|product|company|city|country|street|model|column|brand/i;

export interface ColumnSample {
  readonly name: string;
  /** Sampled values as text (nulls already left out). */
  readonly values: readonly string[];
}

/**
 * Likely personal data in one column: the kind whose test the most sampled values pass,
 * with a confidence (share of values matching, nudged by the header) and a few examples.
 * Null when nothing reaches 0.3.
 */
export function detectColumn(col: ColumnSample): PiiFinding | null {
  const values = col.values.map((v) => v.trim()).filter((v) => v !== '');
  const header = col.name;
  const hint = (k: PiiKind): boolean => headerHints[k].test(header) && !(k === 'name' && notAName.test(header));
  const tests: Record<PiiKind, (v: string) => boolean> = {
    email: isEmail,
    iban: isValidIban,
    card: isLikelyCard,
    phone: (v) => isPhone(v, hint('phone')),
    name: hasNameShape,
  };
  const why: Record<PiiKind, string> = {
    email: 'look like e-mail addresses',
    iban: 'are valid IBANs (mod-97 check)',
    card: 'are card numbers (Luhn check)',
    phone: 'look like phone numbers',
    name: "are shaped like people's names",
  };
  let best: PiiFinding | null = null;
  for (const kind of Object.keys(tests) as PiiKind[]) {
    const matches = values.filter(tests[kind]);
    const share = values.length > 0 ? matches.length / values.length : 0;
    let confidence = share;
    let reason = `${matches.length} of ${values.length} sampled values ${why[kind]}`;
    if (kind === 'name') {
      // Two capitalised words also describe cities and products: the shape alone counts half.
      confidence = hint('name') ? Math.max(0.6, Math.min(1, 0.6 + 0.4 * share)) : share * 0.5;
      if (hint('name')) reason = `the header "${header}" names a person; ${reason}`;
    } else if (hint(kind)) {
      confidence = Math.min(1, share + 0.1);
      reason += `; the header "${header}" agrees`;
    }
    // A kind no value matches has at most the header's 0.1 here, below the floor; only a name under a person
    // header is reported on the header alone.
    if (confidence < 0.3) continue;
    if (!best || confidence > best.confidence) {
      best = {
        column: header,
        kind,
        confidence: Math.round(confidence * 100) / 100,
        matched: matches.length,
        sampled: values.length,
        examples: [...new Set(matches.length > 0 ? matches : values)].slice(0, 3),
        reason,
      };
    }
  }
  return best;
}

export function detectPersonalData(columns: readonly ColumnSample[]): PiiFinding[] {
  return columns.map(detectColumn).filter((f): f is PiiFinding => f !== null);
}
