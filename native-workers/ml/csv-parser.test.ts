import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseChunks, type Parsed } from './csv-parse-chunks';
import { CsvParser } from './csv-parser';

/** Parses `text` fed `chunk` characters at a time. */
function parseAll(text: string, chunk: number, delimiter = ',', quote = '"', max = 1 << 20): Parsed {
  return parseChunks(text, Array.from({ length: Math.ceil(text.length / chunk) - 1 }, (_, k) => (k + 1) * chunk), delimiter, quote, max);
}

describe('CsvParser', () => {
  const text = 'a,b,c\r\n1,"x, ""y""",3\r\n\r\n4,"multi\nline",\n"",5,6\n7,8,9';

  it('reads quotes, doubled quotes, CRLF and LF, multi-line fields, whatever the chunking', () => {
    const expected = [
      ['a', 'b', 'c'],
      ['1', 'x, "y"', '3'],
      ['4', 'multi\nline', ''],
      ['', '5', '6'],
      ['7', '8', '9'],
    ];
    for (const chunk of [1, 2, 3, 5, 8, 13, 1000]) expect(parseAll(text, chunk).rows, `chunk ${chunk}`).toEqual(expected);
  });

  it('agrees with papaparse on a CRLF file', () => {
    const crlf = text.replace(/\r?\n/g, '\r\n');
    expect(parseAll(crlf, 7).rows).toEqual(Papa.parse<string[]>(crlf, { skipEmptyLines: true }).data);
  });

  it('honours another delimiter and quote', () => {
    expect(parseAll("1;'a;b';'it''s'\n", 4, ';', "'").rows).toEqual([['1', 'a;b', "it's"]]);
  });

  it('quarantines a malformed line and goes on at the next one', () => {
    const { rows, broken } = parseAll('a,b\n1,"x"y\n2,3\n4,"never closed\n5,6\n', 3, ',', '"', 20);
    expect(broken).toEqual([
      ['malformed quotes: text follows a closing quote', '1,"x"y'],
      ['malformed quotes: a quote opened on this line is never closed', '4,"never closed'],
    ]);
    expect(rows).toEqual([
      ['a', 'b'],
      ['2', '3'],
      ['5', '6'],
    ]);
  });

  it('refuses an unquoted record longer than the limit', () => {
    expect(() => parseAll(`a,${'x'.repeat(50)}\n`, 10, ',', '"', 20)).toThrow(/longer than 20 characters/);
  });
});

describe('CsvParser: line ends and limits', () => {
  it('drops the CR of a CRLF after a quoted field, after a broken line and at the end of the text', () => {
    for (const chunk of [1, 2, 1000]) {
      expect(parseAll('"a","b"\r\n"1"x\r\n"2",3\r', chunk), `chunk ${chunk}`).toEqual({
        rows: [['a', 'b'], ['2', '3']],
        broken: [['malformed quotes: text follows a closing quote', '"1"x']],
      });
    }
    expect(parseAll('x,"q"\r', 1000).rows).toEqual([['x', 'q']]);
    expect(parseAll('"q"\r\n', 1).rows).toEqual([['q']]);
  });

  it('skips lines of blanks only when they are the whole record', () => {
    expect(parseAll('a\n  \n\t\n , \n', 3).rows).toEqual([['a'], [' ', ' ']]);
  });

  it('reads a quoted last field without a line end, and an empty quoted field', () => {
    expect(parseAll('1,""', 1000).rows).toEqual([['1', '']]);
    expect(parseAll('1,"a""b"', 2).rows).toEqual([['1', 'a"b']]);
  });

  it('refuses a broken line that runs past the limit before its end is read', () => {
    expect(() => parseAll(`"x"y${'z'.repeat(40)}\n`, 10, ',', '"', 20)).toThrow('a record longer than 20 characters');
    // Within the limit the broken line waits for its end, across chunks.
    expect(parseAll(`"x"y${'z'.repeat(10)}\n1\n`, 4, ',', '"', 20).broken).toEqual([['malformed quotes: text follows a closing quote', `"x"y${'z'.repeat(10)}`]]);
  });

  it('refuses a quote never closed within the limit as a broken line, and goes on', () => {
    // The open quote would run past the limit: its own line is the broken record, the next lines are read again.
    const { rows, broken } = parseAll(`"${'x'.repeat(10)}\n${'y'.repeat(15)}\n3\n`, 5, ',', '"', 20);
    expect(broken).toEqual([['malformed quotes: a quote opened on this line is never closed', `"${'x'.repeat(10)}`]]);
    expect(rows).toEqual([['y'.repeat(15)], ['3']]);
  });

  it('gives the limit in its message with thousands separators', () => {
    expect(() => parseAll(`${'x'.repeat(1_000_001)}`, 500_000, ',', '"', 1_000_000)).toThrow('a record longer than 1,000,000 characters');
  });
});

describe('CsvParser: streaming', () => {
  it('hands on the lines after a never-closed quote once it passes the limit, before the text ends', () => {
    const p = new CsvParser(',', '"', 20);
    const seen: string[] = [];
    p.push(`"${'x'.repeat(10)}\n${'y'.repeat(15)}\n3\n`, (f, why, raw) => seen.push(why ? `broken ${raw ?? ''}` : f.join('|')));
    expect(seen).toEqual([`broken "${'x'.repeat(10)}`, 'y'.repeat(15), '3']);
  });
});

describe('CsvParser: the record limit, exactly', () => {
  // The limit counts the characters held for one record when a chunk ends inside it (the line end not read yet).
  it('holds an unquoted record of exactly the limit across chunks, and refuses one character more', () => {
    expect(parseAll(`${'x'.repeat(20)}\n1\n`, 20, ',', '"', 20).rows).toEqual([['x'.repeat(20)], ['1']]);
    expect(() => parseAll(`${'x'.repeat(21)}\n1\n`, 21, ',', '"', 20)).toThrow('a record longer than 20 characters');
  });

  it('waits for a quote closed within the limit, and takes the line as broken one character past it', () => {
    // 20 characters held (the quote and 19 x) when the first chunk ends: still waited for.
    expect(parseAll(`"${'x'.repeat(19)}"\n2\n`, 20, ',', '"', 20).rows).toEqual([['x'.repeat(19)], ['2']]);
    // The same with a line end inside the quotes: the record, not the line, is what the limit holds.
    const multi = `"${'x'.repeat(9)}\n${'y'.repeat(9)}`;
    expect(parseAll(`${multi}"\n2\n`, 20, ',', '"', 20).rows).toEqual([[`${'x'.repeat(9)}\n${'y'.repeat(9)}`], ['2']]);
    // 21 held and the line's end in the chunk: that line is broken, the next one read.
    const past = parseAll(`"${'x'.repeat(20)}\n2\n`, 22, ',', '"', 20);
    expect(past.broken).toEqual([['malformed quotes: a quote opened on this line is never closed', `"${'x'.repeat(20)}`]]);
    expect(past.rows).toEqual([['2']]);
  });

  it('waits for the end of a broken line of exactly the limit, and refuses one character more', () => {
    const line = `"a"b${'z'.repeat(16)}`;
    expect(parseAll(`${line}\n3\n`, 20, ',', '"', 20)).toEqual({ rows: [['3']], broken: [['malformed quotes: text follows a closing quote', line]] });
    expect(() => parseAll(`${line}z\n3\n`, 21, ',', '"', 20)).toThrow('a record longer than 20 characters');
  });

  it('keeps a line end after a broken line that is the last of the text, and a CR before it', () => {
    expect(parseAll('"a"b\r\n', 1000).broken).toEqual([['malformed quotes: text follows a closing quote', '"a"b']]);
    expect(parseAll('"a"b', 1000).broken).toEqual([['malformed quotes: text follows a closing quote', '"a"b']]);
    expect(parseAll('"a"b\r', 1000).broken).toEqual([['malformed quotes: text follows a closing quote', '"a"b\r']]);
  });
});
