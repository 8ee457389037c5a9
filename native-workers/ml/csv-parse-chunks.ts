import { CsvParser } from './csv-parser';

/** What CsvParser produced for a whole text: good records, and broken ones as [why, raw]. */
export interface Parsed {
  readonly rows: string[][];
  readonly broken: [string, string][];
}

/**
 * Test support: parses `text` fed in pieces cut at `cuts` (positions, any order, taken modulo the
 * length + 1), as a stream delivers it; the chunking must not change the result.
 */
export function parseChunks(text: string, cuts: readonly number[], delimiter = ',', quote = '"', max = 1 << 20): Parsed {
  const p = new CsvParser(delimiter, quote, max);
  const rows: string[][] = [];
  const broken: [string, string][] = [];
  const on = (f: string[], why: string | null, raw: string | null): void => {
    if (why) broken.push([why, raw ?? '']);
    else rows.push(f);
  };
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const c of [...at, text.length]) {
    p.push(text.slice(from, c), on);
    from = c;
  }
  p.end(on);
  return { rows, broken };
}
