import { describe, expect, it } from 'vitest';
import { AssayError } from '../../../preload/contract/errors';
import type { InferredColumn, InferredSchema, SchemaOverrides } from '../../../preload/contract/schema';
import type { ColumnType } from '../../../preload/contract/types';
import { type ColumnPlan, planColumns, plainPlan, typeFailure } from './plan';

function col(name: string, type: ColumnType, extra: Partial<InferredColumn> = {}): InferredColumn {
  return { name, type, format: null, ambiguity: null, missing: 0, count: 3, distinct: 3, samples: [], misfits: 0, ...extra };
}

function schema(...columns: InferredColumn[]): InferredSchema {
  return { columns, sampleRows: 3 };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AssayError) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('plainPlan', () => {
  it('keeps every column as it is, loose, in source order', () => {
    expect(plainPlan(['a', 'b'], ['integer', 'text'])).toEqual<ColumnPlan[]>([
      { source: 0, sourceName: 'a', name: 'a', type: 'integer', format: null, strict: false, misfits: 0 },
      { source: 1, sourceName: 'b', name: 'b', type: 'text', format: null, strict: false, misfits: 0 },
    ]);
  });
});

describe('planColumns', () => {
  it('lists every problem with its column in one refusal', () => {
    const overrides: SchemaOverrides = { columns: { x: { drop: true }, b: { rename: 'a' } } };
    expect(refusal(() => planColumns(schema(col('a', 'text'), col('b', 'text')), overrides, []))).toBe(
      'BAD_INPUT: The schema overrides cannot be applied. x: There is no column "x" in the source; its columns are a, b. ' +
        'b: "a" is already the name of column "a"; names must be unique. Fix them and import again; nothing was imported.',
    );
  });

  it('detects a datetime format from the trimmed, non-missing sample values of its own column', () => {
    // Padded values, a missing one and a short row: each must be cleaned away before detection.
    const sample = [['1', ' 2024-03-01T10:00:00Z '], ['2', 'NA'], ['3'], ['4', '2024-03-02T11:30:00Z']];
    const [, when] = planColumns(schema(col('id', 'integer'), col('when', 'text')), { columns: { when: { type: 'datetime' } } }, sample);
    expect(when).toEqual<ColumnPlan>({ source: 1, sourceName: 'when', name: 'when', type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ssZ', strict: true, misfits: 0 });
  });

  it('prefers the override format, then the inferred one, over detection', () => {
    const sample = [['01.02.2024']];
    const inferred = schema(col('d', 'date', { format: 'MM.DD.YYYY' }));
    expect(planColumns(inferred, undefined, sample)[0]?.format).toBe('MM.DD.YYYY');
    expect(planColumns(inferred, { columns: { d: { format: 'DD.MM.YYYY' } } }, sample)[0]?.format).toBe('DD.MM.YYYY');
  });

  it('says which column no known format reads, with an example value', () => {
    const inferred = schema(col('note', 'text', { samples: ['soon', 'later'] }));
    expect(refusal(() => planColumns(inferred, { columns: { note: { type: 'datetime' } } }, [['soon'], ['later']]))).toBe(
      'BAD_INPUT: Column "note" is set to datetime, but no date format Assay knows reads its values (e.g. "soon"). Choose a format for it, or another type; nothing was imported.',
    );
    expect(refusal(() => planColumns(schema(col('e', 'text')), { columns: { e: { type: 'date' } } }, []))).toMatch(/\(e\.g\. ""\)/);
  });

  it('refuses a date column whose format has a time of day, but takes it for a datetime column', () => {
    const inferred = schema(col('t', 'text'));
    expect(refusal(() => planColumns(inferred, { columns: { t: { type: 'date', format: 'epoch-s' } } }, []))).toBe(
      'BAD_INPUT: Column "t" is set to date, but its format epoch-s has a time of day. Set it to datetime; nothing was imported.',
    );
    expect(planColumns(inferred, { columns: { t: { type: 'datetime', format: 'epoch-s' } } }, [])[0]?.format).toBe('epoch-s');
  });

  it('is strict when the user set the type or the format, or inference saw stray values; keeps misfits only for an inferred type', () => {
    const inferred = schema(
      col('plain', 'integer'),
      col('typed', 'integer', { misfits: 2 }),
      col('formatted', 'date', { format: 'YYYY-MM-DD' }),
      col('strays', 'number', { misfits: 1 }),
    );
    const plan = planColumns(inferred, { columns: { typed: { type: 'number' }, formatted: { format: 'YYYY/MM/DD' } } }, []);
    expect(plan.map((p) => [p.name, p.strict, p.misfits])).toEqual([
      ['plain', false, 0],
      ['typed', true, 0],
      ['formatted', true, 0],
      ['strays', true, 1],
    ]);
  });

  it('trims a new name and drops dropped columns, keeping the source index', () => {
    const plan = planColumns(schema(col('a', 'text'), col('b', 'text'), col('c', 'text')), { columns: { a: { drop: true }, c: { rename: '  see ' } } }, []);
    expect(plan.map((p) => [p.source, p.sourceName, p.name])).toEqual([
      [1, 'b', 'b'],
      [2, 'c', 'see'],
    ]);
  });
});

describe('typeFailure', () => {
  const plan = (type: ColumnType, format: ColumnPlan['format'] = null): ColumnPlan => ({ source: 0, sourceName: 'x', name: 'x', type, format, strict: true, misfits: 0 });

  it('names the type and the format in words', () => {
    expect(typeFailure('abc', plan('integer'))).toBe('"abc" is not an integer');
    expect(typeFailure('31.31.2024', plan('date', 'DD.MM.YYYY'))).toBe('"31.31.2024" is not a date in the format DD.MM.YYYY');
  });

  it('shows up to 60 characters of the value, and cuts a longer one to 57 and an ellipsis', () => {
    const sixty = 'x'.repeat(60);
    expect(typeFailure(sixty, plan('number'))).toBe(`"${sixty}" is not a number`);
    expect(typeFailure(`${sixty}y`, plan('number'))).toBe(`"${'x'.repeat(57)}…" is not a number`);
  });
});
