import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { InferredColumn } from '../../../preload/contract/schema';
import { inferColumn, inferSchema } from './infer-column';

// The real datasets beside the repository (../shared/data).
const dataDir = path.resolve(__dirname, '../../../../shared/data');

/** The import's own sample: header plus the first 5,000 rows, as strings. */
function sampleOf(file: string): Map<string, InferredColumn> {
  const parsed = Papa.parse<string[]>(fs.readFileSync(`${dataDir}/${file}`, 'utf8'), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const schema = inferSchema({ columns: header!, rows: rows.slice(0, 5000) });
  return new Map(schema.columns.map((c) => [c.name, c]));
}

function types(cols: Map<string, InferredColumn>): Record<string, string> {
  return Object.fromEntries([...cols].map(([n, c]) => [n, c.type]));
}

describe('inference on real files (../shared/data)', () => {
  it('mlc_churn: yes/no and codes are categorical, counts and measures numeric', () => {
    const t = types(sampleOf('mlc_churn.csv'));
    expect(t).toMatchObject({
      state: 'categorical',
      account_length: 'integer',
      area_code: 'categorical',
      international_plan: 'categorical',
      voice_mail_plan: 'categorical',
      number_vmail_messages: 'integer',
      total_day_minutes: 'number',
      total_day_calls: 'integer',
      number_customer_service_calls: 'integer',
      churn: 'categorical',
    });
  });

  it('credit_data: missing counts match Python csv with the same NA tokens', () => {
    const cols = sampleOf('credit_data.csv');
    expect(types(cols)).toMatchObject({ Status: 'categorical', Seniority: 'integer', Home: 'categorical', Time: 'integer', Marital: 'categorical', Records: 'categorical', Job: 'categorical', Income: 'integer' });
    // Reference: Python's csv module over the first 5,000 rows (see the test's commit).
    expect(Object.fromEntries([...cols].filter(([, c]) => c.missing > 0).map(([n, c]) => [n, c.missing]))).toEqual({ Home: 6, Marital: 1, Job: 2, Income: 381, Assets: 47, Debt: 18 });
    expect(cols.get('Marital')?.distinct).toBe(5);
  });

  it('sensor_single_hop: the reading number restarts per mote, so it is no id', () => {
    const t = types(sampleOf('sensor_single_hop.csv'));
    expect(t).toEqual({ reading: 'integer', mote_id: 'integer', indoor: 'integer', humidity: 'number', temperature: 'number', label: 'integer' });
  });

  it('co2: a decimal year named time is a number, not an epoch', () => {
    expect(types(sampleOf('co2.csv'))).toEqual({ time: 'number', value: 'number' });
  });

  it('breast_cancer and digits: every column numeric', () => {
    for (const file of ['breast_cancer.csv', 'digits.csv']) {
      const kinds = new Set(Object.values(types(sampleOf(file))));
      expect([...kinds].every((k) => k === 'integer' || k === 'number')).toBe(true);
    }
  });
});

const n = 60;
const range = (f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

describe('inference edge cases', () => {
  it('dates in each supported layout, with the stored-format detected', () => {
    expect(inferColumn('d', range((i) => `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`))).toMatchObject({ type: 'date', format: 'YYYY-MM-DD', ambiguity: null });
    expect(inferColumn('d', range((i) => `${(i % 28) + 1}.${(i % 12) + 1}.2024`))).toMatchObject({ type: 'date', format: 'DD.MM.YYYY', ambiguity: null });
    expect(inferColumn('d', range((i) => `${(i % 12) + 1}/${(i % 28) + 1}/2024`))).toMatchObject({ type: 'date', format: 'MM/DD/YYYY', ambiguity: null });
    expect(inferColumn('at', range((i) => `2024-03-01T${String(i % 24).padStart(2, '0')}:30:00Z`))).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DDTHH:mm:ssZ' });
  });

  it('day/month order ambiguity is reported', () => {
    const c = inferColumn('d', range((i) => `0${(i % 9) + 1}/1${i % 3}/2024`));
    expect(c.type).toBe('date');
    expect(c.format).toBe('MM/DD/YYYY');
    expect(c.ambiguity).toMatch(/month first/);
  });

  it('epoch seconds by name and range; epoch millis by range alone; plain big integers stay integers', () => {
    expect(inferColumn('created_at', range((i) => String(1_700_000_000 + i * 3600)))).toMatchObject({ type: 'datetime', format: 'epoch-s' });
    expect(inferColumn('t', range((i) => String(1_700_000_000_000 + i * 999)))).toMatchObject({ type: 'datetime', format: 'epoch-ms' });
    expect(inferColumn('population', range((i) => String(1_700_000_000 + ((i * 7919) % 1000))))).toMatchObject({ type: 'integer' });
  });

  it('ids: monotone integers, UUIDs, unique codes named like an id; not unique sentences', () => {
    expect(inferColumn('n', range((i) => String(i + 1))).type).toBe('id');
    expect(inferColumn('x', range((i) => `${(i * 2654435761 % 4294967296).toString(16).padStart(8, '0')}-1234-4abc-8def-0123456789ab`)).type).toBe('id');
    expect(inferColumn('customer_id', range((i) => `C${(i * 7) % 101}`)).type).toBe('id');
    expect(inferColumn('comment', range((i) => `note number ${i} about things`)).type).toBe('text');
    // Unique but unordered integers without an id-like name are just integers.
    expect(inferColumn('amount', range((i) => String((i * 7919) % 10007))).type).toBe('integer');
  });

  it('categorical needs repetition; numbers are never categorical', () => {
    expect(inferColumn('plan', range((i) => ['basic', 'plus', 'pro'][i % 3]!)).type).toBe('categorical');
    expect(inferColumn('code', range((i) => String(i % 3))).type).toBe('integer');
    expect(inferColumn('few', ['a', 'b', 'a']).type).toBe('text');
  });

  it('nullability: missing tokens counted, all-missing is text, samples are distinct values', () => {
    const c = inferColumn('v', ['1', 'NA', '', '2', 'null', '2']);
    expect(c).toMatchObject({ type: 'integer', missing: 3, count: 6, distinct: 2, samples: ['1', '2'] });
    expect(inferColumn('e', ['', 'NA']).type).toBe('text');
    expect(inferColumn('b', ['true', 'False', 'NA']).type).toBe('boolean');
  });
});
