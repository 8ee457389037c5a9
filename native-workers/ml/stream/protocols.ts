import type { FieldSpec, StreamProtocol } from '../../../preload/contract/sensors';
import { setOwn } from '../set-own';

export type Value = number | string | null;

export interface ParsedMessage {
  readonly values: Readonly<Record<string, Value>>;
}

export interface ParseError {
  readonly error: string;
}

export interface Detected {
  readonly protocol: StreamProtocol;
  readonly fields: readonly FieldSpec[];
}

export const isParseError = (r: ParsedMessage | ParseError | Detected): r is ParseError => 'error' in r;

export const GARBAGE_MESSAGE = 'The data does not look like text lines: is the baud rate right?';

// ---------------------------------------------------------------------------
// Cells

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Spellings of "no value" that instruments and spreadsheets write. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none']);

/** One cell as text → number when it is plainly a number, null when it says "missing", else the text. */
export function parseCell(raw: string): Value {
  const s = raw.trim();
  // Cheap first-character test before the regex: this runs for every cell at 50k lines/s.
  const c = s.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (NUMBER_RE.test(s)) return Number(s);
  }
  if (s.length <= 4 && MISSING.has(s.toLowerCase())) return null;
  return s;
}

/**
 * Splits one CSV line. Double quotes protect delimiters and "" is a literal
 * quote (RFC 4180 within one line). A space delimiter means "runs of
 * whitespace", as instruments pad columns to line them up.
 */
export function splitCsvLine(line: string, delimiter: string): string[] {
  if (delimiter === ' ') {
    const trimmed = line.trim();
    if (trimmed.indexOf('"') < 0) return trimmed.length === 0 ? [''] : trimmed.split(/[ \t]+/);
  } else if (line.indexOf('"') < 0) return line.split(delimiter);
  const cells: string[] = [];
  let cur = '';
  let inQuotes = false;
  const src = delimiter === ' ' ? line.trim() : line;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cur += '"';
          i++;
        } else inQuotes = false;
      } else cur += ch;
    } else if (ch === '"' && cur.trim() === '') {
      cur = '';
      inQuotes = true;
    } else if (delimiter === ' ' ? ch === ' ' || ch === '\t' : ch === delimiter) {
      cells.push(cur);
      cur = '';
      if (delimiter === ' ') while (src[i + 1] === ' ' || src[i + 1] === '\t') i++;
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

function stripEol(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 10)) end--;
  return end === text.length ? text : text.slice(0, end);
}

// ---------------------------------------------------------------------------
// Messages

function parseCsv(protocol: Extract<StreamProtocol, { kind: 'csv' }>, line: string, fields: readonly FieldSpec[]): ParsedMessage | ParseError {
  const cells = splitCsvLine(line, protocol.delimiter);
  let count = cells.length;
  // Many sketches print "a,b,c," — a trailing delimiter is not an extra column.
  if (fields.length > 0 && count === fields.length + 1 && cells[count - 1].trim() === '') count--;
  if (fields.length === 0) {
    const values: Record<string, Value> = {};
    for (let i = 0; i < count; i++) setOwn(values, `field${i + 1}`, parseCell(cells[i]));
    return { values };
  }
  if (count !== fields.length) return { error: `expected ${fields.length} fields, got ${count}` };
  let isHeader = true;
  for (let i = 0; i < count; i++) {
    if (cells[i].trim() !== fields[i].name) {
      isHeader = false;
      break;
    }
  }
  if (isHeader) return { error: 'header' };
  const values: Record<string, Value> = {};
  for (let i = 0; i < count; i++) setOwn(values, fields[i].name, parseCell(cells[i]));
  return { values };
}

function splitPairs(text: string, pairSeparator: string): string[] {
  return pairSeparator === ' ' || pairSeparator === '\t' ? text.trim().split(/[ \t]+/) : text.split(pairSeparator);
}

function parseKv(protocol: Extract<StreamProtocol, { kind: 'kv' }>, line: string, fields: readonly FieldSpec[]): ParsedMessage | ParseError {
  const found: Record<string, Value> = {};
  let pairs = 0;
  for (const token of splitPairs(line, protocol.pairSeparator)) {
    const at = token.indexOf(protocol.keyValueSeparator);
    if (at <= 0) continue;
    const key = token.slice(0, at).trim();
    if (key.length === 0) continue;
    setOwn(found, key, parseCell(token.slice(at + protocol.keyValueSeparator.length)));
    pairs++;
  }
  if (pairs === 0) return { error: `no ${protocol.keyValueSeparator === '=' ? 'key=value' : 'key' + protocol.keyValueSeparator + 'value'} pairs` };
  if (fields.length === 0) return { values: found };
  return pick(found, fields);
}

/** Keeps the known fields (missing → null); a message with none of them is not one of ours. */
function pick(found: Readonly<Record<string, Value>>, fields: readonly FieldSpec[]): ParsedMessage | ParseError {
  const values: Record<string, Value> = {};
  let known = 0;
  for (const f of fields) {
    const v = Object.hasOwn(found, f.name) ? found[f.name] : undefined;
    if (v === undefined) setOwn(values, f.name, null);
    else {
      setOwn(values, f.name, v);
      known++;
    }
  }
  if (known === 0) return { error: 'none of the fields are in the message' };
  return { values };
}

/** Deeper than any reading is nested; a line of brackets 30,000 deep overflowed the call stack. */
const MAX_JSON_DEPTH = 32;

/**
 * Nested objects and arrays become dotted keys: {"a":{"b":1},"c":[2]} → a.b, c.0.
 * Returns false when the value nests deeper than MAX_JSON_DEPTH (what lies deeper is left out).
 */
export function flattenJson(value: unknown, prefix: string, out: Record<string, Value>, depth = 0): boolean {
  if (value === null || value === undefined) {
    if (prefix) setOwn(out, prefix, null);
  } else if (typeof value === 'number') setOwn(out, prefix, Number.isFinite(value) ? value : null);
  else if (typeof value === 'string') setOwn(out, prefix, value);
  // Switches and alarms: true/false are 1/0 so they can be plotted and validated.
  else if (typeof value === 'boolean') setOwn(out, prefix, value ? 1 : 0);
  else if (typeof value === 'object') {
    if (depth >= MAX_JSON_DEPTH) return false;
    // Runs for every field of every streamed message: no [key, value] arrays, no key text at the top level.
    let ok = true;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) ok = flattenJson(value[i], prefix ? `${prefix}.${i}` : String(i), out, depth + 1) && ok;
    } else {
      const record = value as Record<string, unknown>;
      for (const k of Object.keys(record)) ok = flattenJson(record[k], prefix ? `${prefix}.${k}` : k, out, depth + 1) && ok;
    }
    return ok;
  }
  return true;
}

function parseJson(text: string, fields: readonly FieldSpec[]): ParsedMessage | ParseError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  return parseRecordObject(parsed, fields);
}

/** A decoded record (JSON, Avro) → values by field name, nested keys dotted. */
export function parseRecordObject(parsed: unknown, fields: readonly FieldSpec[]): ParsedMessage | ParseError {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { error: `expected a JSON object, got ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed}` };
  }
  if (fields.length > 0 && isFlat(parsed)) return pickFlat(parsed as Record<string, unknown>, fields);
  const flat: Record<string, Value> = {};
  if (!flattenJson(parsed, '', flat)) return { error: `the object nests more than ${MAX_JSON_DEPTH} levels deep` };
  if (fields.length === 0) return { values: flat };
  return pick(flat, fields);
}

/** No value is an object or array: flattening would copy the object key by key, for nothing. */
function isFlat(record: object): boolean {
  for (const k in record) {
    const v = (record as Record<string, unknown>)[k];
    if (v !== null && typeof v === 'object') return false;
  }
  return true;
}

/**
 * pick(flatten(record)) for a record without nested values, reading the fields straight from it:
 * every streamed JSON message of a flat schema takes this path (one object fewer per message, #19.1).
 */
function pickFlat(record: Record<string, unknown>, fields: readonly FieldSpec[]): ParsedMessage | ParseError {
  const values: Record<string, Value> = {};
  let known = 0;
  for (const f of fields) {
    const v = Object.hasOwn(record, f.name) ? flatValue(record[f.name], f.name) : undefined;
    setOwn(values, f.name, v ?? null);
    if (v !== undefined) known++;
  }
  if (known === 0) return { error: 'none of the fields are in the message' };
  return { values };
}

/** What flattenJson stores for a top-level value; undefined where it stores nothing (a bigint, null under an empty key). */
function flatValue(v: unknown, key: string): Value | undefined {
  if (v === null || v === undefined) return key === '' ? undefined : null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

/**
 * One text message (a line without its newline, or an MQTT payload) → values by
 * field name. CSV maps columns to `fields` by position; a CSV header line is
 * reported as { error: 'header' } so callers can skip it.
 *
 * With an empty `fields` list every value found is returned (CSV columns as
 * field1..N), which is what detection and previews want.
 */
export function parseMessage(protocol: StreamProtocol, text: string, fields: readonly FieldSpec[]): ParsedMessage | ParseError {
  const line = stripEol(text);
  if (line.trim().length === 0) return { error: 'empty message' };
  switch (protocol.kind) {
    case 'csv':
      return parseCsv(protocol, line, fields);
    case 'kv':
      return parseKv(protocol, line, fields);
    case 'json':
      return parseJson(line, fields);
    case 'slip-f32':
      return { error: 'slip-f32 messages are binary: use parseF32Record' };
    case 'avro':
      return { error: 'Avro messages are binary: decode them, then parseRecordObject' };
  }
}

/** One decoded SLIP frame of little-endian float32 values → values by field name. */
export function parseF32Record(frame: Uint8Array, fields: readonly FieldSpec[]): ParsedMessage | ParseError {
  const expected = 4 * fields.length;
  if (frame.length !== expected) {
    return { error: `expected ${expected} bytes (${fields.length} float32), got ${frame.length}` };
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const values: Record<string, Value> = {};
  for (let i = 0; i < fields.length; i++) {
    const x = view.getFloat32(i * 4, true);
    // NaN is how firmware says "no reading"; ±Infinity cannot be stored either.
    values[fields[i].name] = Number.isFinite(x) ? x : null;
  }
  return { values };
}

// ---------------------------------------------------------------------------
// Detection

const MAX_SAMPLE = 50;

/** Share of characters that text from a sensor should not contain: a wrong baud rate or binary data. */
function garbageScore(lines: readonly string[]): { bad: number; nonAscii: number; total: number } {
  let bad = 0;
  let nonAscii = 0;
  let total = 0;
  for (const line of lines) {
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      total++;
      if (c === 9) continue;
      if (c < 32 || c === 127 || (c >= 0x80 && c < 0xa0) || c === 0xfffd) bad++;
      else if (c >= 0x80) nonAscii++;
    }
  }
  return { bad, nonAscii, total };
}

/** Accepts when at least 80 % pass, and forgives a first line cut in half (reading started mid-line). */
function mostPass(lines: readonly string[], test: (line: string) => boolean): { ok: boolean; skipFirst: boolean } {
  let pass = 0;
  let firstOk = false;
  lines.forEach((l, i) => {
    if (test(l)) {
      pass++;
      if (i === 0) firstOk = true;
    }
  });
  if (pass >= 0.8 * lines.length) return { ok: true, skipFirst: !firstOk };
  if (!firstOk && lines.length > 1 && pass >= 0.8 * (lines.length - 1)) return { ok: true, skipFirst: true };
  return { ok: false, skipFirst: false };
}

function parseJsonObject(line: string): Record<string, unknown> | null {
  const s = line.trim();
  if (!s.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const KEY_RE = /^[A-Za-z_][\w.\-[\]]*$/;

/** Keys of a kv line under one separator pair, or null when the line is not of that form. */
function kvKeys(line: string, pairSeparator: string, keyValueSeparator: string): string[] | null {
  const keys: string[] = [];
  for (const raw of splitPairs(line, pairSeparator)) {
    const token = raw.trim();
    if (token.length === 0) continue;
    const at = token.indexOf(keyValueSeparator);
    if (at <= 0) return null;
    const key = token.slice(0, at).trim();
    const value = token.slice(at + 1);
    // A second separator in the value means the pairs were split wrongly ("a=1,b=2" split on spaces).
    if (!KEY_RE.test(key) || value.includes(keyValueSeparator)) return null;
    keys.push(key);
  }
  return keys.length > 0 ? keys : null;
}

const KV_PAIR_SEPARATORS = [',', ' ', ';', '\t', '&'] as const;
const CSV_DELIMITERS = [',', ';', '\t', '|', ' '] as const;

function detectKv(lines: readonly string[]): Detected | null {
  let best: { pair: string; kv: string; tokens: number; skipFirst: boolean } | null = null;
  for (const kv of ['=', ':']) {
    for (const pair of KV_PAIR_SEPARATORS) {
      let tokens = 0;
      const verdict = mostPass(lines, (l) => {
        const keys = kvKeys(l, pair, kv);
        if (keys) tokens += keys.length;
        return keys !== null;
      });
      // More pairs per line wins: "a=1" alone fits every separator, "a=1,b=2" only ','.
      if (verdict.ok && (best === null || tokens > best.tokens)) best = { pair, kv, tokens, skipFirst: verdict.skipFirst };
    }
    if (best) break; // '=' is the stronger sign; ':' is also how clocks are written.
  }
  if (!best) return null;
  const names: string[] = [];
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (i === 0 && best.skipFirst) return;
    for (const k of kvKeys(l, best.pair, best.kv) ?? []) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  });
  return { protocol: { kind: 'kv', pairSeparator: best.pair, keyValueSeparator: best.kv }, fields: names.map((name) => ({ name })) };
}

function detectJson(lines: readonly string[]): Detected | null {
  const verdict = mostPass(lines, (l) => parseJsonObject(l) !== null);
  if (!verdict.ok) return null;
  const names: string[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    const obj = parseJsonObject(l);
    if (!obj) continue;
    const flat: Record<string, Value> = {};
    flattenJson(obj, '', flat);
    for (const k of Object.keys(flat)) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  return names.length > 0 ? { protocol: { kind: 'json' }, fields: names.map((name) => ({ name })) } : null;
}

function mode(counts: readonly number[]): { value: number; share: number } {
  const freq = new Map<number, number>();
  for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
  let value = 0;
  let best = 0;
  for (const [c, f] of freq) {
    if (f > best || (f === best && c > value)) {
      value = c;
      best = f;
    }
  }
  return { value, share: counts.length > 0 ? best / counts.length : 0 };
}

const isNumericCell = (cell: string): boolean => typeof parseCell(cell) === 'number';

function uniqueNames(raw: readonly string[]): string[] {
  const used = new Set<string>();
  return raw.map((r, i) => {
    let name = r.trim() || `field${i + 1}`;
    if (used.has(name)) {
      let k = 2;
      while (used.has(`${name}_${k}`)) k++;
      name = `${name}_${k}`;
    }
    used.add(name);
    return name;
  });
}

function detectCsv(lines: readonly string[]): Detected | ParseError {
  let best: { delimiter: string; count: number; share: number } | null = null;
  for (const delimiter of CSV_DELIMITERS) {
    const counts = lines.map((l) => splitCsvLine(l, delimiter).length);
    const m = mode(counts);
    if (m.value < 2) continue;
    // Most consistent column count wins; ties go to the earlier (more common) delimiter.
    if (best === null || m.share > best.share + 1e-9) best = { delimiter, count: m.value, share: m.share };
  }
  const delimiter = best?.delimiter ?? ',';
  const count = best?.count ?? 1;
  if (best && best.share < 0.5) return { error: 'The lines do not have a consistent number of columns' };
  // Lines with another column count are partial or noise; the first line is often cut in half.
  const rows = lines.map((l) => splitCsvLine(l, delimiter)).filter((cells) => cells.length === count);
  if (rows.length === 0) return { error: 'The lines do not have a consistent number of columns' };
  const numericRows = rows.map((cells) => cells.some(isNumericCell));
  const first = rows[0];
  const firstAllText = first.every((c) => c.trim() !== '' && !isNumericCell(c));
  const laterNumeric = numericRows.slice(1).filter(Boolean).length;
  const header = firstAllText && (rows.length === 1 || laterNumeric >= (rows.length - 1) / 2);
  if (!numericRows.some(Boolean) && !header) {
    return { error: 'No numbers found in the sample: these lines do not look like sensor readings' };
  }
  const names = header ? uniqueNames(first.map((c) => c.trim())) : Array.from({ length: count }, (_, i) => `field${i + 1}`);
  return { protocol: { kind: 'csv', delimiter, header }, fields: names.map((name) => ({ name })) };
}

/**
 * Guesses the protocol and field names from the first text messages (5–50
 * lines is plenty; more are ignored). Order: JSON (lines are objects), then
 * key/value pairs, then CSV, because a kv or JSON line also splits on commas.
 */
export function detectProtocol(sample: readonly string[]): Detected | ParseError {
  const lines = sample
    .slice(0, MAX_SAMPLE * 2)
    .map(stripEol)
    .filter((l) => l.trim().length > 0)
    .slice(0, MAX_SAMPLE);
  if (lines.length === 0) return { error: 'No data received to detect the format from' };
  const g = garbageScore(lines);
  // Any noticeable share of control or replacement characters, or text that is
  // mostly non-ASCII, is what a wrong baud rate or a binary protocol looks like.
  if (g.bad > 0.05 * g.total || g.nonAscii > 0.3 * g.total) return { error: GARBAGE_MESSAGE };
  return detectJson(lines) ?? detectKv(lines) ?? detectCsv(lines);
}
