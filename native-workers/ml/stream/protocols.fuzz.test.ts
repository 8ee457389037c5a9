import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldSpec, StreamProtocol } from '../../../preload/contract/sensors';
import { fuzzSettings } from '../../../main/host/fuzz';
import { detectProtocol, flattenJson, isParseError, parseCell, parseF32Record, parseMessage, parseRecordObject, splitCsvLine, type Value } from './protocols';

const separator = fc.constantFrom(',', ';', ' ', '\t', '=', ':', '|', '');
const protocol: fc.Arbitrary<StreamProtocol> = fc.oneof(
  fc.record({ kind: fc.constant('csv' as const), delimiter: separator, header: fc.boolean() }),
  fc.record({ kind: fc.constant('kv' as const), pairSeparator: separator, keyValueSeparator: separator }),
  fc.constant({ kind: 'json' as const }),
  fc.constant({ kind: 'slip-f32' as const }),
);
const name = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'temp', 'a.b', 'field1'));
const fields: fc.Arbitrary<FieldSpec[]> = fc.uniqueArray(name, { maxLength: 5 }).map((names) => names.map((n) => ({ name: n })));
/** Lines as sensors send them, with any other character now and then. */
const line = fc.oneof(
  fc.string({
    unit: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(',', ';', ' ', '\t', '=', ':', '"', '{', '}', '[', ']', '1', '-', '.', 'e', 'a', '\r', '\n') }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
    maxLength: 80,
  }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);
const message = fc.oneof(
  { weight: 9, arbitrary: line },
  // A line of brackets nested deeper than the call stack allows (it fits in one 64 KiB line).
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 30_000 }).map((d) => `{"a":${'['.repeat(d)}${']'.repeat(d)}}`) },
);
const cellValue = fc.oneof(fc.constant(null), fc.double(), fc.string());

function checkValues(values: Record<string, unknown>): void {
  for (const v of Object.values(values)) {
    expect(v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))).toBe(true);
  }
}

describe('stream protocol parsers (fuzz)', () => {
  const runs = fuzzSettings(2500);
  it(`any message under any protocol gives values or a parse error, never a throw (${runs.numRuns} cases)`, () => {
    fc.assert(
      fc.property(protocol, message, fields, (p, text, fs) => {
        const r = parseMessage(p, text, fs);
        if (isParseError(r)) expect(r.error.length).toBeGreaterThan(0);
        else {
          checkValues(r.values);
          // With fields named, exactly those come back (none lost to a special key name).
          if (fs.length > 0 && p.kind !== 'csv') expect(Object.keys(r.values).sort()).toEqual(fs.map((f) => f.name).sort());
        }
      }),
      runs,
    );
  });

  const kv = fuzzSettings(1000);
  it(`round trip: key=value pairs written out parse back to the same values (${kv.numRuns} cases)`, () => {
    const key = fc.oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,7}$/), fc.constantFrom('__proto__', 'constructor'));
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 5, maxLength: 5 }), (keys, nums) => {
        const line = keys.map((k, i) => `${k}=${nums[i]}`).join(',');
        const r = parseMessage({ kind: 'kv', pairSeparator: ',', keyValueSeparator: '=' }, line, []);
        expect(r).toEqual({ values: Object.fromEntries(keys.map((k, i) => [k, nums[i]])) });
      }),
      kv,
    );
  });

  const json = fuzzSettings(1000);
  it(`JSON messages keep every field, however it is named (${json.numRuns} cases)`, () => {
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom('__proto__', 'constructor')), cellValue, { minKeys: 1, maxKeys: 5 }), (obj) => {
        const r = parseMessage({ kind: 'json' }, JSON.stringify(obj), []);
        expect(isParseError(r)).toBe(false);
        if (!isParseError(r)) expect(Object.keys(r.values).sort()).toEqual(Object.keys(obj).sort());
      }),
      json,
    );
  });

  const flat = fuzzSettings(1000);
  it(`a record without nested values, read field by field, gives what flattening it then picking gives (${flat.numRuns} cases)`, () => {
    const key = fc.oneof(fc.stringMatching(/^[a-z.]{0,4}$/), fc.constantFrom('__proto__', 'constructor', ''));
    const value = fc.oneof(cellValue, fc.boolean(), fc.constantFrom(Number.NaN, Infinity, undefined), fc.bigInt());
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), fc.uniqueArray(key, { minLength: 1, maxLength: 4 }), (obj, names) => {
        const fs = names.map((n) => ({ name: n }));
        // The general path: flatten every key, then take the named fields (missing ones null, an error if none is there).
        const all: Record<string, Value> = {};
        flattenJson(obj, '', all);
        const values = Object.fromEntries(names.map((n) => [n, Object.hasOwn(all, n) ? (all[n] ?? null) : null]));
        const expected = names.some((n) => Object.hasOwn(all, n)) ? { values } : { error: 'none of the fields are in the message' };
        const r = parseRecordObject(obj, fs);
        expect(isParseError(r) ? r : { values: { ...r.values } }).toEqual(expected);
      }),
      flat,
    );
  });

  const bin = fuzzSettings(1000);
  it(`binary float32 frames and cells: values or an error, never a throw (${bin.numRuns} cases)`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fields, fc.string({ maxLength: 20 }), fc.constantFrom(',', ' ', ';', '\t'), (frame, fs, cell, d) => {
        const r = parseF32Record(frame, fs);
        if (!isParseError(r)) checkValues(r.values);
        const v = parseCell(cell);
        expect(v === null || typeof v === 'string' || Number.isFinite(v)).toBe(true);
        expect(splitCsvLine(cell, d).length).toBeGreaterThan(0);
      }),
      bin,
    );
  });

  const detect = fuzzSettings(500);
  it(`detection from any sample gives a protocol with fields or a clear error (${detect.numRuns} cases)`, () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (sample) => {
        const r = detectProtocol(sample);
        if ('error' in r) expect(r.error.length).toBeGreaterThan(10);
        else expect(Array.isArray(r.fields)).toBe(true);
      }),
      detect,
    );
  });
});
