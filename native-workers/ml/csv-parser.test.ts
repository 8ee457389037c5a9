import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseChunks, type Parsed } from './csv-parse-chunks';

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
