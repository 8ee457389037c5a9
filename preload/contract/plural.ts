/**
 * "1 row", "2 rows", "1,204 rows": one helper for every count shown to a user (renderer and
 * CLI alike), so no message says "1 rows". `many` is for words that do not just take an s.
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${groupDigits(count)} ${count === 1 ? one : many}`;
}

/**
 * An integer with thousands separators, as `toLocaleString('en-US')` writes it, without Intl: a
 * process's first toLocaleString loads ICU's locale data (~30–100 ms of CPU), which a one-shot
 * CLI import paid for its progress line. Other numbers go to toLocaleString.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}
