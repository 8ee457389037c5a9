import { describe, expect, it } from 'vitest';
import { prestartFor } from './prestart';

describe('prestartFor', () => {
  it('forks a PostgreSQL import worker ahead only for `assay import … postgres://…`', () => {
    expect(prestartFor(['import', 'p.assay', 'postgres://me@db:5432/shop', '--table', 't'])).toBe('postgres');
    expect(prestartFor(['import', 'p.assay', 'POSTGRESQL://me@db/shop', '--query', 'SELECT 1'])).toBe('postgres');
    expect(prestartFor(['import', 'p.assay', 'mysql://me@db/shop', '--table', 't'])).toBeNull();
    expect(prestartFor(['import', 'p.assay', 'data.csv'])).toBeNull();
    expect(prestartFor(['export-data', 'p.assay', 'postgres://x'])).toBeNull();
    expect(prestartFor([])).toBeNull();
  });
});
