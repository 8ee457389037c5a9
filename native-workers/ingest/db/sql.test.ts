import { describe, expect, it } from 'vitest';
import { inlinePgParams } from './sql';

describe('inlinePgParams', () => {
  it('replaces $n parameter references by escape-string literals', () => {
    expect(inlinePgParams('SELECT * FROM t WHERE a > $1 AND b = $2', ['2024-01-01 00:00:00+00', 42])).toBe(
      "SELECT * FROM t WHERE a > E'2024-01-01 00:00:00+00' AND b = E'42'",
    );
  });

  it('escapes quotes and backslashes, and writes NULL for null', () => {
    expect(inlinePgParams('x = $1 OR y = $2', ["o'brien \\ done", null])).toBe("x = E'o''brien \\\\ done' OR y = NULL");
  });

  it('leaves $n alone inside quoted text, quoted names, dollar quotes and comments', () => {
    const sql = `SELECT '$1', 'it''s $1', "col$1", $$ $1 $$, $q$ $1 $q$ -- $1\n/* $1 */ FROM t WHERE "x$1" > $1`;
    expect(inlinePgParams(sql, ['v'])).toBe(`SELECT '$1', 'it''s $1', "col$1", $$ $1 $$, $q$ $1 $q$ -- $1\n/* $1 */ FROM t WHERE "x$1" > E'v'`);
  });

  it('refuses a $n reference without a value', () => {
    expect(() => inlinePgParams('a > $2', ['v'])).toThrow(/refers to \$2, but 1 value/);
  });
});
