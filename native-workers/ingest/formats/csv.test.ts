import { describe, expect, it } from 'vitest';
import { AssayError } from '../../../preload/contract/errors';
import type { CsvDialect } from '../../ml/csv-dialect';
import { readCsv } from './csv';
import { RecordingSink } from './recording-sink';

const comma: CsvDialect = { delimiter: ',', quote: '"', header: true };

async function read(chunks: string[], dialect: CsvDialect = comma, sink = new RecordingSink()): Promise<{ sink: RecordingSink; chunksSeen: number }> {
  let chunksSeen = 0;
  await readCsv(chunks, dialect, sink, 'f.csv', () => chunksSeen++);
  return { sink, chunksSeen };
}

async function refusal(chunks: string[], dialect: CsvDialect): Promise<string> {
  try {
    await read(chunks, dialect);
  } catch (err) {
    if (err instanceof AssayError) return `${err.code}: ${err.message} | ${err.detail ?? ''}`;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('readCsv', () => {
  it('names the columns from the header and hands on rows, their raw text re-written in the file’s own dialect', async () => {
    const { sink, chunksSeen } = await read(['a;b\n1;\'x;y\'\n', '2;z\n'], { delimiter: ';', quote: "'", header: true });
    expect(sink.names).toEqual(['a', 'b']);
    expect(sink.batches).toEqual([
      { records: [['1', 'x;y']], raws: ["1;'x;y'"], reasons: null },
      { records: [['2', 'z']], raws: ['2;z'], reasons: null },
    ]);
    expect(chunksSeen).toBe(2);
  });

  it('without a header, names the columns blank and keeps the first line as a row', async () => {
    const { sink } = await read(['1,2\n3,4\n'], { ...comma, header: false });
    expect(sink.names).toEqual(['', '']);
    expect(sink.records()).toEqual([['1', '2'], ['3', '4']]);
  });

  it('hands on a broken line as a placeholder of the table’s width, with its text as read and its reason', async () => {
    const { sink } = await read(['a,b\n1,2\n"3"x,4\n5,6\n']);
    expect(sink.batches).toEqual([
      {
        records: [['1', '2'], ['', ''], ['5', '6']],
        raws: ['1,2', '"3"x,4', '5,6'],
        reasons: [null, 'malformed quotes: text follows a closing quote', null],
      },
    ]);
  });

  it('skips a broken header line and takes the next good one as the header', async () => {
    const { sink } = await read(['"a"x,b\nc,d\n1,2\n']);
    expect(sink.names).toEqual(['c', 'd']);
    expect(sink.records()).toEqual([['1', '2']]);
  });

  it('without a header, holds broken lines before the first good one until it gives the width', async () => {
    const { sink } = await read(['"1"x,2\n"3"y\n4,5,6\n'], { ...comma, header: false });
    expect(sink.names).toEqual(['', '', '']);
    expect(sink.batches).toEqual([
      {
        records: [['', '', ''], ['', '', ''], ['4', '5', '6']],
        raws: ['"1"x,2', '"3"y', '4,5,6'],
        reasons: ['malformed quotes: text follows a closing quote', 'malformed quotes: text follows a closing quote', null],
      },
    ]);
  });

  it('refuses a headerless file with no readable line, counting its broken lines', async () => {
    const headerless = { ...comma, header: false };
    expect(await refusal(['"1"x\n'], headerless)).toBe(
      'BAD_INPUT: f.csv holds no line Assay can read as a row: its one line has broken quotes. Nothing was imported. | Check the quote character and the delimiter in the import options, or fix the quotes in the file.',
    );
    expect(await refusal(['"1"x\n"2"y\n"3"z\n'], headerless)).toMatch(/its first 3 lines have broken quotes/);
    // A file that starts with a thousand broken lines is refused there, not held.
    const many = Array.from({ length: 1000 }, (_, i) => `"${i}"x\n`).join('');
    expect(await refusal([many, '1,2\n'], headerless)).toMatch(/its first 1,000 lines have broken quotes/);
    const held = Array.from({ length: 999 }, (_, i) => `"${i}"x\n`).join('');
    expect((await read([held, '1,2\n'], headerless)).sink.records()).toHaveLength(1000);
  });

  it('hands rows on in batches of 4,000', async () => {
    const body = Array.from({ length: 8001 }, (_, i) => `${i}\n`).join('');
    const { sink } = await read([`n\n${body}`]);
    expect(sink.batches.map((b) => b.records.length)).toEqual([4000, 4000, 1]);
    expect(sink.records().at(-1)).toEqual(['8000']);
  });

  it('stops reading once the sink is full, without parsing the rest', async () => {
    const sink = new RecordingSink(2);
    const { chunksSeen } = await read(['a\n1\n2\n', '3\n', '4'], comma, sink);
    expect(sink.records()).toEqual([['1'], ['2']]);
    expect(chunksSeen).toBe(1);
    // The last line has no newline: only the end of the text hands it on, and a full sink skips that.
    const partial = new RecordingSink(1);
    await read(['a\n1\n2'], comma, partial);
    expect(partial.records()).toEqual([['1']]);
  });

  it('reads the last line without a newline at the end of the text', async () => {
    expect((await read(['a\n1\n2'])).sink.records()).toEqual([['1'], ['2']]);
  });

  it('refuses a record longer than a line may be, saying it does not look like a table', async () => {
    const long = 'x'.repeat((1 << 20) + 1);
    expect(await refusal(['a\n', long, 'y'], comma)).toBe(
      'BAD_INPUT: f.csv holds a record longer than 1,048,576 characters; this does not look like a table. Nothing was imported. | Check the format and the delimiter.',
    );
  });

  it('lets other errors through as they are', async () => {
    const sink = new RecordingSink();
    sink.rows = () => {
      throw new Error('could not store a record longer than the page');
    };
    await expect(read(['a\n1\n'], comma, sink)).rejects.toThrow(/^could not store a record longer than the page$/);
  });

  it('hands on nothing, and refuses nothing, for an empty text', async () => {
    const { sink } = await read(['', '\n\n'], { ...comma, header: false });
    expect(sink.names).toBeNull();
    expect(sink.batches).toEqual([]);
  });

  it('gives each batch its own reasons', async () => {
    const { sink } = await read(['a,b\n1,2\n', '"3"x,4\n'], comma);
    expect(sink.batches.map((b) => b.reasons)).toEqual([null, ['malformed quotes: text follows a closing quote']]);
  });
});
