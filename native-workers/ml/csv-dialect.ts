import { inferType } from './infer';

export interface CsvDialect {
  readonly delimiter: string;
  readonly quote: string;
  /** Does the first row name the columns? */
  readonly header: boolean;
}

const candidates = [',', ';', '\t', '|', ':'];

/** Splits one line on `delimiter`, honouring `quote` (quoted fields may hold the delimiter). */
export function splitLine(line: string, delimiter: string, quote: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === quote && line[i + 1] === quote) {
        field += c;
        i++;
      } else if (c === quote) quoted = false;
      else field += c;
    } else if (c === quote && field === '') quoted = true;
    else if (c === delimiter) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** Complete lines of a text head: the last one may be cut short, so it is dropped unless the head is the whole file. */
function headLines(text: string, whole: boolean, max: number): string[] {
  const lines = text.split(/\r?\n/);
  if (!whole && lines.length > 1) lines.pop();
  return lines.filter((l) => l.trim() !== '').slice(0, max);
}

function pickQuote(text: string): string {
  // A quote is a quote where it opens or closes a field: next to a delimiter or a line end.
  const count = (q: string): number => (text.match(new RegExp(`(^|[,;\\t|:])${q}|${q}([,;\\t|:]|\\r?$)`, 'gm')) ?? []).length;
  return count("'") > count('"') ? "'" : '"';
}

/**
 * Guesses delimiter, quote and header from the start of a delimited text file, the way
 * Python's csv.Sniffer does in spirit: the delimiter that splits most lines into the same
 * number (> 1) of fields wins; the first row is a header unless it looks like data (a value
 * that reads as a number in a column whose other rows are numbers, or empty/duplicate names).
 */
export function sniffDialect(text: string, whole: boolean, given: Partial<CsvDialect> = {}): CsvDialect {
  const quote = given.quote ?? pickQuote(text.slice(0, 65536));
  const lines = headLines(text, whole, 50);
  let delimiter = given.delimiter ?? ',';
  if (given.delimiter === undefined) {
    let best = -1;
    for (const d of candidates) {
      const counts = lines.map((l) => splitLine(l, d, quote).length);
      const freq = new Map<number, number>();
      for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
      let mode = 1;
      let modeN = 0;
      for (const [c, n] of freq) if (n > modeN || (n === modeN && c > mode)) [mode, modeN] = [c, n];
      if (mode < 2) continue;
      // Consistency first, then more fields; candidates' order breaks ties (',' before ':').
      const score = (modeN / Math.max(1, counts.length)) * 1000 + Math.min(mode, 999) / 1000;
      if (score > best) [best, delimiter] = [score, d];
    }
  }
  const header = given.header ?? looksLikeHeader(lines.map((l) => splitLine(l, delimiter, quote)));
  return { delimiter, quote, header };
}

function looksLikeHeader(rows: string[][]): boolean {
  if (rows.length === 0) return true;
  const first = rows[0];
  const names = first.map((c) => c.trim());
  if (names.some((n) => n === '') && names.length > 1) return false;
  if (new Set(names).size !== names.length) return false;
  const rest = rows.slice(1);
  let votesFor = 0;
  let votesAgainst = 0;
  for (let i = 0; i < first.length; i++) {
    const below = rest.map((r) => r[i] ?? '');
    const t = inferType(below);
    const own = inferType([first[i]]);
    if (t !== 'text') {
      if (own === 'text') votesFor++;
      else votesAgainst++;
    } else if (own !== 'text') votesAgainst++;
  }
  // All-text tables: a first row of distinct non-numeric names is taken as the header.
  return votesFor >= votesAgainst;
}
