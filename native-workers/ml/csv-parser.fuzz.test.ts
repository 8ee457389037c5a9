import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { fuzzSettings } from '../../main/host/fuzz';
import { parseChunks } from './csv-parse-chunks';
import { sniffDialect, splitLine } from './csv-dialect';


/** Text made mostly of the characters that matter to a CSV parser, with any other character now and then. */
const csvishText = fc.string({
  unit: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(',', ';', '\t', '|', '"', "'", '\n', '\r', ' ', 'a', '1', '.') }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
  maxLength: 300,
});
const dialect = fc.record({ delimiter: fc.constantFrom(',', ';', '\t', '|'), quote: fc.constantFrom('"', "'") });
const cuts = fc.array(fc.nat(), { maxLength: 8 });

describe('CsvParser (fuzz)', () => {
  const runs = fuzzSettings(3000);
  it(`any text, cut anywhere: rows or broken records, the same whatever the chunking (${runs.numRuns} cases)`, () => {
    fc.assert(
      fc.property(csvishText, dialect, cuts, (text, { delimiter, quote }, at) => {
        expect(parseChunks(text, at, delimiter, quote)).toEqual(parseChunks(text, [], delimiter, quote));
      }),
      runs,
    );
  });

  const small = fuzzSettings(1000);
  it(`a record over the limit is refused with the documented error, never held (${small.numRuns} cases)`, () => {
    fc.assert(
      fc.property(csvishText, dialect, cuts, fc.integer({ min: 1, max: 40 }), (text, { delimiter, quote }, at, max) => {
        try {
          parseChunks(text, at, delimiter, quote, max);
        } catch (err) {
          expect(String(err)).toMatch(/^Error: a record longer than \d+ characters$/);
        }
      }),
      small,
    );
  });

  // A cell is any text; a row of one blank cell is a blank line, which the parser skips by design.
  const cell = fc.string({ unit: fc.oneof(fc.constantFrom(',', ';', '\t', '|', '"', "'", '\n', '\r', ' '), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 12 });
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }).map((rows) => rows.filter((r) => !(r.length === 1 && r[0].trim() === '')));
  const trip = fuzzSettings(2000);
  it(`round trip: cells written by a quoting writer parse back the same, however chunked (${trip.numRuns} cases)`, () => {
    fc.assert(
      fc.property(table, dialect, fc.boolean(), fc.constantFrom('\r\n', '\n'), cuts, (rows, { delimiter, quote }, quotes, newline, at) => {
        const text = Papa.unparse(rows, { delimiter, quoteChar: quote, quotes, newline });
        const parsed = parseChunks(text, at, delimiter, quote);
        expect(parsed.broken).toEqual([]);
        expect(parsed.rows).toEqual(rows);
      }),
      trip,
    );
  });
});

describe('sniffDialect and splitLine (fuzz)', () => {
  const runs = fuzzSettings(1500);
  it(`any head of a file gives a dialect of the known delimiters and quotes (${runs.numRuns} cases)`, () => {
    fc.assert(
      fc.property(csvishText, fc.boolean(), (text, whole) => {
        const d = sniffDialect(text, whole);
        expect([',', ';', '\t', '|', ':']).toContain(d.delimiter);
        expect(['"', "'"]).toContain(d.quote);
        expect(typeof d.header).toBe('boolean');
        for (const line of text.split('\n')) expect(splitLine(line, d.delimiter, d.quote).length).toBeGreaterThan(0);
      }),
      runs,
    );
  });
});
