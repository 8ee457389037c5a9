import { describe, expect, it } from 'vitest';
import type { LineageEvent } from '../../../preload/contract/lineage';
import { detailRows } from './describe';

function event(detail: Record<string, unknown>): LineageEvent {
  return { id: 1, datasetId: 1, event: 'import', at: '2026-12-05T00:00:00Z', detail };
}

const rows = (detail: Record<string, unknown>): Map<string, string> => new Map(detailRows(event(detail)));

describe('lineage detail rows', () => {
  it('names an uploaded file by its own name, not the deleted temp copy it was read from', () => {
    const d = rows({ source: { path: '/tmp/assay-uploads/123-ab/9f0c-e1a2-churn.csv', fileName: 'churn.csv', bytes: 10, sha256: 'x' } });
    expect(d.get('Source')).toBe('churn.csv');
    expect(d.has('Path')).toBe(false);
    // A file imported from where it lies keeps its path too.
    const local = rows({ source: { path: '/data/churn.csv', fileName: 'churn.csv', bytes: 10, sha256: 'x' } });
    expect(local.get('Source')).toBe('churn.csv');
    expect(local.get('Path')).toBe('/data/churn.csv');
  });

  it('shows rules one line per rule with the rows that failed it, not as JSON', () => {
    const d = rows({ rules: { rules: 2, failures: { 'age:range': 1, 'churn:allowed': 0 } }, recipe: { version: 2, rowsChanged: 1, cellsChanged: 3 } });
    expect(d.get('Rules')).toBe('2 rules\nage:range: 1 row failed\nchurn:allowed: 0 rows failed');
    expect(d.get('Recipe')).toBe('version 2: 1 row and 3 values changed');
    expect(rows({ rules: null }).get('Rules')).toBe('none');
  });
});
