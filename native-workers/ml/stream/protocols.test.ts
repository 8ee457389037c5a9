import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FieldSpec, StreamProtocol } from '../../../preload/contract/sensors';
import { detectProtocol, GARBAGE_MESSAGE, parseCell, parseF32Record, parseMessage, splitCsvLine } from './protocols';

const f = (...names: string[]): FieldSpec[] => names.map((name) => ({ name }));
const csv = (delimiter = ',', header = false): StreamProtocol => ({ kind: 'csv', delimiter, header });
const kv = (pairSeparator = ',', keyValueSeparator = '='): StreamProtocol => ({ kind: 'kv', pairSeparator, keyValueSeparator });
const json: StreamProtocol = { kind: 'json' };

const dataFile = path.resolve(__dirname, '../../../../shared/data/sensor_single_hop.csv');
const realLines = fs.readFileSync(dataFile, 'utf8').split('\n').slice(0, 30);

/** Deterministic pseudo-random bytes (no Math.random in tests). */
function noise(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = s >> 23;
  }
  return out;
}

describe('parseCell', () => {
  it.each([
    ['21.5', 21.5],
    [' -3 ', -3],
    ['+1e-3', 0.001],
    ['.5', 0.5],
    ['7.', 7],
    ['', null],
    ['NA', null],
    ['nan', null],
    ['N/A', null],
    ['null', null],
    ['OK', 'OK'],
    ['0x10', '0x10'],
    ['1,5', '1,5'],
    ['Infinity', 'Infinity'],
    ['12:30:01', '12:30:01'],
  ])('%j → %j', (cell, want) => {
    expect(parseCell(cell)).toBe(want);
  });
});

describe('splitCsvLine', () => {
  it('honours double quotes and doubled quotes', () => {
    expect(splitCsvLine('1,"a,b",3', ',')).toEqual(['1', 'a,b', '3']);
    expect(splitCsvLine('"say ""hi""",2', ',')).toEqual(['say "hi"', '2']);
    expect(splitCsvLine('1;"x;y";', ';')).toEqual(['1', 'x;y', '']);
  });
  it('treats runs of spaces as one delimiter for space', () => {
    expect(splitCsvLine('  21.5   40.1\t1013 ', ' ')).toEqual(['21.5', '40.1', '1013']);
    expect(splitCsvLine('1 "a b"  2', ' ')).toEqual(['1', 'a b', '2']);
  });
});

describe('parseMessage: csv', () => {
  const fields = f('temp', 'hum', 'state');
  it('maps columns by position and types the cells', () => {
    expect(parseMessage(csv(), '21.5,40,OK', fields)).toEqual({ values: { temp: 21.5, hum: 40, state: 'OK' } });
    expect(parseMessage(csv(), '21.5,,NA\r\n', fields)).toEqual({ values: { temp: 21.5, hum: null, state: null } });
    expect(parseMessage(csv(';'), '"21.5";"4,0";x', fields)).toEqual({ values: { temp: 21.5, hum: '4,0', state: 'x' } });
  });
  it('reports a wrong field count', () => {
    expect(parseMessage(csv(), '21.5,40', fields)).toEqual({ error: 'expected 3 fields, got 2' });
    expect(parseMessage(csv(), '1,2,3,4,5', fields)).toEqual({ error: 'expected 3 fields, got 5' });
  });
  it('accepts one trailing delimiter', () => {
    expect(parseMessage(csv(), '1,2,3,', fields)).toEqual({ values: { temp: 1, hum: 2, state: 3 } });
  });
  it('reports the header line', () => {
    expect(parseMessage(csv(), 'temp,hum,state', fields)).toEqual({ error: 'header' });
    expect(parseMessage(csv('\t'), 'temp\t hum\tstate\r', fields)).toEqual({ error: 'header' });
  });
  it('reports empty messages', () => {
    expect(parseMessage(csv(), '   \r\n', fields)).toEqual({ error: 'empty message' });
  });
  it('names columns field1..N without fields', () => {
    expect(parseMessage(csv(), '1,2', [])).toEqual({ values: { field1: 1, field2: 2 } });
  });
});

describe('parseMessage: kv', () => {
  const fields = f('temp', 'hum', 'status');
  it('reads key=value pairs; unknown keys ignored, missing keys null', () => {
    expect(parseMessage(kv(), 'temp=21.5,hum=40,extra=1', fields)).toEqual({ values: { temp: 21.5, hum: 40, status: null } });
    expect(parseMessage(kv(), 'temp = 21.5 , status = OK', fields)).toEqual({ values: { temp: 21.5, hum: null, status: 'OK' } });
  });
  it('a field named like an Object.prototype member is missing unless sent', () => {
    expect(parseMessage(kv(), 'temp=1', f('temp', 'constructor'))).toEqual({ values: { temp: 1, constructor: null } });
    expect(parseMessage(json, '{"temp":1}', f('temp', 'toString'))).toEqual({ values: { temp: 1, toString: null } });
  });
  it('reads key:value pairs separated by spaces', () => {
    expect(parseMessage(kv(' ', ':'), 'temp:21.5   hum:40', fields)).toEqual({ values: { temp: 21.5, hum: 40, status: null } });
  });
  it('splits at the first separator only', () => {
    expect(parseMessage(kv(' ', ':'), 'status:12:30:01 temp:1', fields)).toEqual({ values: { temp: 1, hum: null, status: '12:30:01' } });
  });
  it('rejects lines with no pairs or none of the fields', () => {
    expect(parseMessage(kv(), 'hello world', fields)).toEqual({ error: 'no key=value pairs' });
    expect(parseMessage(kv(' ', ':'), 'hello world', fields)).toEqual({ error: 'no key:value pairs' });
    // A pair needs a key: '=5' and ' =5' are not pairs.
    expect(parseMessage(kv(), '=5, =6', [])).toEqual({ error: 'no key=value pairs' });
    expect(parseMessage(kv(), 'x=1,y=2', fields)).toEqual({ error: 'none of the fields are in the message' });
  });
});

describe('parseMessage: json', () => {
  const fields = f('temp', 'env.hum', 'env.ok', 'xs.1');
  it('flattens nested objects and arrays with dots', () => {
    expect(parseMessage(json, '{"temp":21.5,"env":{"hum":40,"ok":true},"xs":[1,2],"other":"x"}', fields)).toEqual({
      values: { temp: 21.5, 'env.hum': 40, 'env.ok': 1, 'xs.1': 2 },
    });
  });
  it('missing keys are null and JSON null stays null', () => {
    expect(parseMessage(json, '{"temp":null}', fields)).toEqual({ values: { temp: null, 'env.hum': null, 'env.ok': null, 'xs.1': null } });
  });
  it('rejects non-objects and broken JSON', () => {
    expect(parseMessage(json, '[1,2]', fields)).toEqual({ error: 'expected a JSON object, got an array' });
    expect(parseMessage(json, '42', fields)).toEqual({ error: 'expected a JSON object, got number' });
    expect(parseMessage(json, 'null', fields)).toEqual({ error: 'expected a JSON object, got null' });
    const broken = parseMessage(json, '{"temp":21.', fields);
    expect('error' in broken && broken.error).toMatch(/^not JSON: /);
  });
  it('returns everything without fields', () => {
    expect(parseMessage(json, '{"a":{"b":1}}', [])).toEqual({ values: { 'a.b': 1 } });
    expect(parseMessage(json, '{"xs":[3,null,{"y":false}],"n":null}', [])).toEqual({ values: { 'xs.0': 3, 'xs.1': null, 'xs.2.y': 0, n: null } });
  });
  it('reads a field that is only nested, as its dotted name', () => {
    expect(parseMessage(json, '{"a":{"b":1}}', f('a.b'))).toEqual({ values: { 'a.b': 1 } });
  });
  it(`refuses an object nested deeper than 32 levels, beside other values too, and takes 32`, () => {
    const nest = (levels: number): string => '{"a":'.repeat(levels - 1) + '{"x":1}' + '}'.repeat(levels - 1);
    const ok = parseMessage(json, nest(32), []);
    expect('values' in ok && Object.keys(ok.values)).toEqual([`${'a.'.repeat(31)}x`]);
    expect(parseMessage(json, nest(33), [])).toEqual({ error: 'the object nests more than 32 levels deep' });
    expect(parseMessage(json, `{"deep":${nest(32)},"b":1}`, [])).toEqual({ error: 'the object nests more than 32 levels deep' });
    expect(parseMessage(json, `{"deep":[${nest(31)}],"b":1}`, [])).toEqual({ error: 'the object nests more than 32 levels deep' });
  });
});

describe('parseF32Record', () => {
  const fields = f('a', 'b', 'c');
  it('reads little-endian float32; NaN → null', () => {
    const buf = new ArrayBuffer(13);
    const view = new DataView(buf, 1, 12);
    view.setFloat32(0, 1.5, true);
    view.setFloat32(4, -2.25, true);
    view.setFloat32(8, NaN, true);
    // A subarray at an odd offset: the DataView must respect byteOffset.
    expect(parseF32Record(new Uint8Array(buf, 1, 12), fields)).toEqual({ values: { a: 1.5, b: -2.25, c: null } });
  });
  it('checks the frame length', () => {
    expect(parseF32Record(new Uint8Array(8), fields)).toEqual({ error: 'expected 12 bytes (3 float32), got 8' });
  });
});

describe('detectProtocol', () => {
  it('CSV with a header (sensor_single_hop.csv)', () => {
    expect(detectProtocol(realLines.slice(0, 20))).toEqual({
      protocol: { kind: 'csv', delimiter: ',', header: true },
      fields: f('reading', 'mote_id', 'indoor', 'humidity', 'temperature', 'label'),
    });
  });

  it('CSV without a header', () => {
    expect(detectProtocol(realLines.slice(1, 21))).toEqual({
      protocol: { kind: 'csv', delimiter: ',', header: false },
      fields: f('field1', 'field2', 'field3', 'field4', 'field5', 'field6'),
    });
  });

  it('CSV read from mid-line: the cut first line is ignored', () => {
    const lines = ['5,27.95,0', ...realLines.slice(1, 12)];
    expect(detectProtocol(lines)).toMatchObject({ protocol: { kind: 'csv', delimiter: ',', header: false }, fields: { length: 6 } });
  });

  it('semicolon-separated with a header and CRLF', () => {
    const lines = ['time_ms;temp;hum;pressure\r', '0;21.5;40.2;1013.2\r', '100;21.6;40.1;1013.1\r', '200;21.6;40.3;1013.3\r', '300;21.7;40.2;1013.2\r'];
    expect(detectProtocol(lines)).toEqual({ protocol: { kind: 'csv', delimiter: ';', header: true }, fields: f('time_ms', 'temp', 'hum', 'pressure') });
  });

  it('tab-separated and space-aligned columns', () => {
    expect(detectProtocol(['ax\tay\taz', '0.01\t-0.02\t9.81', '0.02\t-0.01\t9.80'])).toMatchObject({ protocol: { kind: 'csv', delimiter: '\t', header: true } });
    const padded = ['  21.50   40.1   1013', '  21.55   40.0   1012', '  21.60   39.9   1013', '  21.65   39.9   1014'];
    expect(detectProtocol(padded)).toEqual({ protocol: { kind: 'csv', delimiter: ' ', header: false }, fields: f('field1', 'field2', 'field3') });
  });

  it('pipe-separated with quoted text', () => {
    expect(detectProtocol(['"id"|"temp"|"note"', '1|21.5|"a|b"', '2|21.6|ok', '3|21.7|ok'])).toEqual({
      protocol: { kind: 'csv', delimiter: '|', header: true },
      fields: f('id', 'temp', 'note'),
    });
  });

  it('one number per line (analogRead)', () => {
    expect(detectProtocol(['512', '513', '511', '514', '512'])).toEqual({ protocol: { kind: 'csv', delimiter: ',', header: false }, fields: f('field1') });
  });

  it('a boot banner before the data is outvoted', () => {
    const lines = ['BME280 ready, firmware v1.2', '21.5,40.2,1013.2', '21.6,40.1,1013.1', '21.6,40.3,1013.3', '21.7,40.2,1013.2', '21.7,40.2,1013.2'];
    expect(detectProtocol(lines)).toMatchObject({ protocol: { kind: 'csv', delimiter: ',', header: false }, fields: { length: 3 } });
  });

  it('key=value pairs, union of keys in first-seen order', () => {
    const lines = ['temp=21.5,hum=40', 'temp=21.6,hum=41,co2=400', 'temp=21.6,hum=41', 'co2=410,temp=21.7,hum=41,batt=3.7'];
    expect(detectProtocol(lines)).toEqual({ protocol: { kind: 'kv', pairSeparator: ',', keyValueSeparator: '=' }, fields: f('temp', 'hum', 'co2', 'batt') });
  });

  it('key:value pairs separated by spaces, with a cut first line', () => {
    const lines = ['1.5 H:40', 'T:21.5 H:40', 'T:21.6 H:40.5', 'T:21.6 H:40.7', 'T:21.7 H:40.9'];
    expect(detectProtocol(lines)).toEqual({ protocol: { kind: 'kv', pairSeparator: ' ', keyValueSeparator: ':' }, fields: f('T', 'H') });
  });

  it('key=value with ", " between pairs and a text value', () => {
    expect(detectProtocol(['temp=21.5, hum=40, status=OK', 'temp=21.6, hum=40, status=OK'])).toEqual({
      protocol: { kind: 'kv', pairSeparator: ',', keyValueSeparator: '=' },
      fields: f('temp', 'hum', 'status'),
    });
  });

  it('CSV with clock times is not mistaken for key:value', () => {
    const lines = ['12:30:01,21.5,40', '12:30:02,21.6,40', '12:30:03,21.6,41'];
    expect(detectProtocol(lines)).toMatchObject({ protocol: { kind: 'csv', delimiter: ',' } });
  });

  it('JSON lines, nested keys flattened, union of keys', () => {
    const lines = ['"hum":40}', '{"t":1,"env":{"temp":21.5,"hum":40}}', '{"t":2,"env":{"temp":21.6,"hum":41}}', '{"t":3,"env":{"temp":21.6,"hum":41},"alarm":false}'];
    expect(detectProtocol(lines)).toEqual({ protocol: { kind: 'json' }, fields: f('t', 'env.temp', 'env.hum', 'alarm') });
  });

  it('garbage bytes decoded as UTF-8 (wrong baud rate)', () => {
    const text = new TextDecoder('utf-8').decode(noise(600));
    expect(detectProtocol(text.split('\n'))).toEqual({ error: GARBAGE_MESSAGE });
  });

  it('mojibake decoded as latin1', () => {
    // What 9600-baud CSV looks like at 115200: mostly high-bit bytes, few controls.
    const bytes = noise(600, 99).map((b) => (b | 0x80) & 0xfe);
    const text = new TextDecoder('latin1').decode(bytes);
    expect(detectProtocol(text.match(/.{1,40}/gs) ?? [])).toEqual({ error: GARBAGE_MESSAGE });
  });

  it('control characters in the lines', () => {
    expect(detectProtocol(['\x00\x01\x02abc\x03', '\x10\x11\x12\x13\x14', '\x1b[0m\x07\x08\x0e'])).toEqual({ error: GARBAGE_MESSAGE });
  });

  it('a little noise in good lines is tolerated', () => {
    const lines = ['\x0021.5,40', '21.6,40', '21.6,41', '21.7,41', '21.7,41', '21.7,41', '21.8,41', '21.8,42'];
    expect(detectProtocol(lines)).toMatchObject({ protocol: { kind: 'csv', delimiter: ',', header: false } });
  });

  it('nothing to go on', () => {
    expect(detectProtocol([])).toEqual({ error: 'No data received to detect the format from' });
    expect(detectProtocol(['', '\r', '  '])).toEqual({ error: 'No data received to detect the format from' });
    expect(detectProtocol(['hello there', 'how are you', 'fine thanks'])).toEqual({
      error: 'No numbers found in the sample: these lines do not look like sensor readings',
    });
  });

  it('every detected protocol parses its own sample', () => {
    const samples = [
      realLines.slice(0, 20),
      ['temp=21.5,hum=40', 'temp=21.6,hum=41'],
      ['{"a":1,"b":{"c":2}}', '{"a":2,"b":{"c":3}}'],
      ['T:21.5 H:40', 'T:21.6 H:40.5'],
    ];
    for (const lines of samples) {
      const d = detectProtocol(lines);
      if ('error' in d) throw new Error(d.error);
      const parsed = lines.map((l) => parseMessage(d.protocol, l, d.fields));
      const errors = parsed.filter((p) => 'error' in p && p.error !== 'header');
      expect(errors).toEqual([]);
    }
  });
});
