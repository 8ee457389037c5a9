import { describe, expect, it } from 'vitest';
import { prestartFor } from './prestart';

describe('prestartFor', () => {
  it('forks an import worker ahead for `assay import`: warmed for PostgreSQL, or for a file', () => {
    expect(prestartFor(['import', 'p.assay', 'postgres://me@db:5432/shop', '--table', 't'])).toBe('postgres');
    expect(prestartFor(['import', 'p.assay', 'POSTGRESQL://me@db/shop', '--query', 'SELECT 1'])).toBe('postgres');
    expect(prestartFor(['import', 'p.assay', 'mysql://me@db/shop', '--table', 't'])).toBeNull();
    expect(prestartFor(['import', 'p.assay', 'data.csv'])).toBe('file');
    expect(prestartFor(['import', 'p.assay', 'data.csv', '--delimiter', ';', '--json'])).toBe('file');
    expect(prestartFor(['import', 'p.assay', 'https://api.example.com/items'])).toBeNull();
    expect(prestartFor(['import', 'p.assay'])).toBeNull();
    expect(prestartFor(['import', '--help'])).toBeNull();
    expect(prestartFor(['export-data', 'p.assay', 'postgres://x'])).toBeNull();
    expect(prestartFor([])).toBeNull();
  });
});
