import { describe, expect, it } from 'vitest';
import { sniffDialect, splitLine } from './csv-dialect';

describe('splitLine', () => {
  it('splits on the delimiter outside quotes, unescaping doubled quotes', () => {
    expect(splitLine('a,"b,c","say ""hi""",', ',', '"')).toEqual(['a', 'b,c', 'say "hi"', '']);
    expect(splitLine("x;'y;z'", ';', "'")).toEqual(['x', 'y;z']);
  });

  it('takes a quote inside an unquoted field as text', () => {
    expect(splitLine('ab"c,d', ',', '"')).toEqual(['ab"c', 'd']);
    expect(splitLine('', ',', '"')).toEqual(['']);
  });
});

describe('sniffDialect', () => {
  it('picks the delimiter that splits most lines alike, and the header when names sit above numbers', () => {
    expect(sniffDialect('a;b;c\n1;2;3\n4;5;6\n', true)).toEqual({ delimiter: ';', quote: '"', header: true });
    expect(sniffDialect('a\tb\n1\t2\n', true)).toEqual({ delimiter: '\t', quote: '"', header: true });
    expect(sniffDialect('a|b\n1|2\n', true)).toEqual({ delimiter: '|', quote: '"', header: true });
  });

  it('prefers consistency over more fields: a delimiter splitting every line beats one splitting some into more', () => {
    // ';' splits all three lines in two; ',' splits only the first two, into three.
    expect(sniffDialect('a,b,c;x\n1,2,3;4\n5;6\n', true).delimiter).toBe(';');
  });

  it('breaks a tie of consistency by the number of fields, then by the candidates’ order', () => {
    expect(sniffDialect('a,b;c;d\n1,2;3;4\n', true).delimiter).toBe(';');
    expect(sniffDialect('a,b:c\n1,2:3\n', true).delimiter).toBe(',');
  });

  it('ignores blank lines, which would split alike for every delimiter', () => {
    expect(sniffDialect('a;b\n\n \n\t\n1;2\n', true).delimiter).toBe(';');
  });

  it('takes the larger field count when two counts are as frequent', () => {
    // ';' splits lines into 2, 2, 3, 3 fields and ',' into 1, 1, 2, 2: both as consistent, ';' with more fields.
    expect(sniffDialect('a;b\n1;2\nx,y;z;w\np,q;r;s\n', true).delimiter).toBe(';');
  });

  it('falls back to a comma for a single column', () => {
    expect(sniffDialect('name\nx\ny\n', true)).toEqual({ delimiter: ',', quote: '"', header: true });
  });

  it('drops a cut-off last line of a head, but keeps it when the head is the whole file', () => {
    // Two lines split on ';', two on ',' (a tie the comma wins); the last, perhaps cut short, would tip it.
    const head = 'a;b\n1;2\nx,y\nq,r\n5;6';
    expect(sniffDialect(head, false).delimiter).toBe(',');
    expect(sniffDialect(head, true).delimiter).toBe(';');
    // A head of one line is all there is to go by.
    expect(sniffDialect('a;b', false).delimiter).toBe(';');
  });

  it('picks single quotes where they open and close fields more often than double quotes', () => {
    expect(sniffDialect("'a','b'\n'1','2'\n", true).quote).toBe("'");
    expect(sniffDialect(`"a",b\n"it's",2\n`, true).quote).toBe('"');
    expect(sniffDialect("x;'a b'\n", true).quote).toBe("'");
  });

  it('takes the first row as data when it reads like the rows below, or has empty or repeated names', () => {
    expect(sniffDialect('1,2\n3,4\n', true).header).toBe(false);
    expect(sniffDialect('a,\n1,2\n', true).header).toBe(false);
    expect(sniffDialect('a,a\n1,2\n', true).header).toBe(false);
    expect(sniffDialect('a,b\nx,y\n', true).header).toBe(true);
    // A name over numbers votes for a header, a number over text against it: the votes decide.
    expect(sniffDialect('n,2,3\n1,x,y\n', true).header).toBe(false);
    expect(sniffDialect('n,m,3\n1,2,y\n', true).header).toBe(true);
    expect(sniffDialect('', true).header).toBe(true);
    // One column named by an empty (quoted) name is no reason to read it as data.
    expect(sniffDialect('""\n1\n2\n', true).header).toBe(true);
  });

  it('keeps what the caller gives', () => {
    expect(sniffDialect('a;b\n1;2\n', true, { delimiter: ',', quote: "'", header: false })).toEqual({ delimiter: ',', quote: "'", header: false });
    expect(sniffDialect('a;b\n1;2\n', true, { header: false }).delimiter).toBe(';');
  });

  it('reads at most the first 50 lines of a head', () => {
    const lines = ['a;b', ...Array.from({ length: 49 }, (_, i) => `${i};${i}`), ...Array.from({ length: 60 }, (_, i) => `${i},${i},${i}`)];
    expect(sniffDialect(lines.join('\n'), true).delimiter).toBe(';');
  });
});
