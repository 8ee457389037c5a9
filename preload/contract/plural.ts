/**
 * "1 row", "2 rows", "1,204 rows": one helper for every count shown to a user (renderer and
 * CLI alike), so no message says "1 rows". `many` is for words that do not just take an s.
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
