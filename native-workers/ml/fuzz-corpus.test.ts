import { describe, expect, it } from 'vitest';
import { CsvParser } from './csv-parser';
import { flattenRecord } from './json-records';
import { compileExpression, ExpressionError } from './stream/expression';
import { parseMessage } from './stream/protocols';

/**
 * Counterexamples the fuzz tests (`*.fuzz.test.ts`) found, shrunk, each kept as a named case:
 * every one failed before its fix. Add new ones here (or to ingest/formats/fixtures/fuzz/).
 */
function csvChunks(chunks: readonly string[], delimiter = ',', quote = '"'): { rows: string[][]; broken: string[] } {
  const p = new CsvParser(delimiter, quote);
  const rows: string[][] = [];
  const broken: string[] = [];
  const on = (f: string[], why: string | null, raw: string | null): void => {
    if (why) broken.push(raw ?? '');
    else rows.push(f);
  };
  for (const c of chunks) p.push(c, on);
  p.end(on);
  return { rows, broken };
}

const corpus: [string, () => void][] = [
  [
    'csv: a CR last in a chunk, after a closing quote, made the record broken',
    () => expect(csvChunks(['"\u0000"\r', '\n"𐀀"'])).toEqual({ rows: [['\u0000'], ['𐀀']], broken: [] }),
  ],
  [
    'csv: a broken line cut by a chunk boundary was read as a broken record plus a record of its own',
    () => expect(csvChunks(['"",', ','], '\t')).toEqual({ rows: [], broken: ['"",,'] }),
  ],
  ['json: a key named __proto__ vanished from a flattened record', () => expect(Object.keys(flattenRecord(JSON.parse('{"__proto__":[]}') as Record<string, never>))).toEqual(['__proto__'])],
  ['stream kv: a key named __proto__ vanished', () => expect(parseMessage({ kind: 'kv', pairSeparator: ',', keyValueSeparator: '=' }, '__proto__=0,a=0', [])).toEqual({ values: JSON.parse('{"__proto__":0,"a":0}') as unknown })],
  ['stream json: a field named __proto__ vanished', () => expect(Object.keys((parseMessage({ kind: 'json' }, '{"__proto__":0}', []) as { values: object }).values)).toEqual(['__proto__'])],
  [
    'stream json: a line of 30,000 nested brackets overflowed the call stack',
    () => expect(parseMessage({ kind: 'json' }, `{"a":${'['.repeat(30_000)}${']'.repeat(30_000)}}`, [])).toEqual({ error: 'the object nests more than 32 levels deep' }),
  ],
  ['expression: 3,324 nested parentheses overflowed the call stack', () => expect(() => compileExpression(`${'('.repeat(3324)}1`)).toThrow(ExpressionError)],
  ['expression: a chain of 20,000 additions overflowed the call stack', () => expect(() => compileExpression(`${'1+'.repeat(20_000)}1`)).toThrow(ExpressionError)],
];

describe('fuzz corpus', () => {
  it('is kept', () => {
    expect(corpus.length).toBeGreaterThan(0);
  });
  it.each(corpus)('%s', (_, check) => {
    check();
  });
});
