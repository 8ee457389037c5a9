import { describe, expect, it } from 'vitest';
import { candidateFormats, dateParser, detectDateFormat } from './dates';

const parse = (format: string, value: string | number): string | null => dateParser(format).parse(value);

describe('dateParser: epoch formats', () => {
  it('reads seconds and milliseconds, as numbers or trimmed decimal text', () => {
    expect(parse('epoch-s', 1709251200)).toBe('2024-03-01T00:00:00.000Z');
    expect(parse('epoch-s', ' 1709251200 ')).toBe('2024-03-01T00:00:00.000Z');
    expect(parse('epoch-s', '12.5')).toBe('1970-01-01T00:00:12.500Z');
    expect(parse('epoch-s', '12.25')).toBe('1970-01-01T00:00:12.250Z');
    expect(parse('epoch-s', '-86400')).toBe('1969-12-31T00:00:00.000Z');
    expect(parse('epoch-ms', 1000)).toBe('1970-01-01T00:00:01.000Z');
    expect(parse('epoch-ms', '1000')).toBe('1970-01-01T00:00:01.000Z');
  });

  it('leaves what is not a plain decimal, or past the dates JavaScript holds', () => {
    expect(parse('epoch-s', '1e9')).toBeNull();
    expect(parse('epoch-s', 'soon')).toBeNull();
    expect(parse('epoch-s', '12.')).toBeNull();
    expect(parse('epoch-s', Infinity)).toBeNull();
    expect(parse('epoch-s', '99999999999999999')).toBeNull();
  });
});

describe('dateParser: token formats', () => {
  it('reads each token, trimming the value and padding the ISO text', () => {
    expect(parse('YYYY-MM-DD', ' 2024-02-29 ')).toBe('2024-02-29');
    expect(parse('M/D/YYYY', '3/4/2024')).toBe('2024-03-04');
    expect(parse('DD.MM.YYYY', '01.02.0999')).toBe('0999-02-01');
    expect(parse('YYYY-MM-DD H', '2024-01-02 5')).toBe('2024-01-02T05:00:00');
    expect(parse('YYYY-MM-DD HH:mm', '2024-01-02 3:04')).toBe('2024-01-02T03:04:00');
    expect(parse('YYYY-MM-DDTHH:mm:ss', '2024-01-02T23:59:59')).toBe('2024-01-02T23:59:59');
    expect(parse('YYYY-MM-DDTHH:mm:ss.SSS', '2024-01-02T00:00:00.5')).toBe('2024-01-02T00:00:00.500');
    expect(parse('YYYY-MM-DDTHH:mm:ss.SSS', '2024-01-02T00:00:00.123456')).toBe('2024-01-02T00:00:00.123456');
  });

  it('puts two-digit years below 70 in this century and the others in the last', () => {
    expect(parse('MM/DD/YY', '01/02/69')).toBe('2069-01-02');
    expect(parse('MM/DD/YY', '01/02/70')).toBe('1970-01-02');
    expect(parse('DD.MM.YY', '02.01.00')).toBe('2000-01-02');
  });

  it('refuses days and months a calendar lacks, and times past the day', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-01-00', '2024-04-31']) expect(parse('YYYY-MM-DD', bad)).toBeNull();
    expect(parse('YYYY-MM-DD', '2024-01-31')).toBe('2024-01-31');
    expect(parse('YYYY-MM-DD HH:mm:ss', '2024-01-02 24:00:00')).toBeNull();
    expect(parse('YYYY-MM-DD HH:mm:ss', '2024-01-02 23:60:00')).toBeNull();
    expect(parse('YYYY-MM-DD HH:mm:ss', '2024-01-02 23:00:60')).toBeNull();
  });

  it('matches the whole value, separators taken literally, and reads only text', () => {
    expect(parse('DD.MM.YYYY', '01x02x2024')).toBeNull();
    expect(parse('YYYY-MM-DD', '2024-01-02x')).toBeNull();
    expect(parse('YYYY-MM-DD', 'x2024-01-02')).toBeNull();
    expect(parse('YYYYMMDD', 20240102)).toBeNull();
    expect(parse('YYYYMMDD', '20240102')).toBe('2024-01-02');
  });

  it('refuses a format without a year, a month or a day', () => {
    for (const f of ['MM-DD', 'YYYY-DD', 'YYYY-MM', 'YY-M']) expect(() => dateParser(f)).toThrow(`date format "${f}" needs a year, a month and a day (YYYY, MM, DD)`);
    expect(dateParser('YY-M-D').format).toBe('YY-M-D');
  });
});

describe('detectDateFormat', () => {
  it('takes the format that reads the most values, month first where both orders read them all, and names the other', () => {
    expect(detectDateFormat(['03/04/2024', '05/06/2024'])).toEqual({ format: 'MM/DD/YYYY', parsed: 2, total: 2, ambiguousWith: 'DD/MM/YYYY' });
    expect(detectDateFormat(['13/04/2024', '05/06/2024', 'x'])).toEqual({ format: 'DD/MM/YYYY', parsed: 2, total: 3, ambiguousWith: null });
    expect(detectDateFormat(['2024-01-02', '2024-01-03 10:00'])).toEqual({ format: 'YYYY-MM-DD', parsed: 1, total: 2, ambiguousWith: null });
    expect(detectDateFormat([])).toEqual({ format: null, parsed: 0, total: 0, ambiguousWith: null });
    expect(detectDateFormat(['soon'])).toEqual({ format: null, parsed: 0, total: 1, ambiguousWith: null });
  });

  it('takes epoch seconds for numbers from 1e8 to below 1e10 and milliseconds from 1e11 to below 1e13', () => {
    expect(detectDateFormat([1709251200, '1704067199']).format).toBe('epoch-s');
    expect(detectDateFormat([1e8]).format).toBe('epoch-s');
    expect(detectDateFormat([1e8 - 1]).format).toBeNull();
    expect(detectDateFormat([1e10]).format).toBeNull();
    expect(detectDateFormat([1e11, '1709251200000']).format).toBe('epoch-ms');
    expect(detectDateFormat([1e13]).format).toBeNull();
    expect(detectDateFormat([1e11]).format).toBe('epoch-ms');
    expect(detectDateFormat([1e11 - 1]).format).toBeNull();
    expect(detectDateFormat([1e13 - 1]).format).toBe('epoch-ms');
    expect(detectDateFormat(['1709251200', 'x', 'NaN'])).toEqual({ format: 'epoch-s', parsed: 1, total: 3, ambiguousWith: null });
  });

  it('lists every date part with every time part, then the epochs', () => {
    expect(candidateFormats).toHaveLength(11 * 7 + 2);
    expect(candidateFormats.slice(0, 3)).toEqual(['YYYY-MM-DD', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss']);
    expect(candidateFormats.slice(-2)).toEqual(['epoch-s', 'epoch-ms']);
  });
});
