import { setOwn } from './set-own';

/**
 * Splits streamed JSON text into record texts without holding the document:
 * NDJSON (one object per line) or one top-level array of objects. Tracks
 * nesting and strings only; each record is parsed by JSON.parse later.
 */
export class JsonRecordSplitter {
  private mode: 'unknown' | 'ndjson' | 'array' | 'done' = 'unknown';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private current = '';
  private inRecord = false;
  /** Characters consumed so far (for error positions). */
  private offset = 0;
  private readonly maxRecordChars: number;

  constructor(maxRecordChars = 1 << 20) {
    this.maxRecordChars = maxRecordChars;
  }

  /** Feeds text; calls onRecord with each complete record's JSON text. Throws on a structure it cannot read. */
  push(text: string, onRecord: (json: string) => void): void {
    let start = this.inRecord ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.mode === 'unknown') {
        if (c === 91) {
          this.mode = 'array';
          this.depth = 1;
          continue;
        }
        if (c === 123) this.mode = 'ndjson';
        else throw new Error(`expected [ or { at character ${this.offset + i + 1}`);
      }
      const recordDepth = this.mode === 'array' ? 1 : 0;
      if (this.mode === 'done') throw new Error(`unexpected text after the end of the array at character ${this.offset + i + 1}`);
      // A string between records is no record: it falls through to the refusal below (it was once skipped unseen).
      if (c === 34 && this.depth !== recordDepth) {
        this.inString = true;
        continue;
      }
      if (this.depth === recordDepth) {
        if (c === 123) {
          this.inRecord = true;
          start = i;
        } else if (c === 44 && this.mode === 'array') {
          continue;
        } else if (c === 93 && this.mode === 'array') {
          this.mode = 'done';
          this.depth = 0;
          continue;
        } else {
          throw new Error(`expected an object at character ${this.offset + i + 1}`);
        }
      }
      if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === recordDepth && c === 125) {
          onRecord(this.current + text.slice(start, i + 1));
          this.current = '';
          this.inRecord = false;
          start = -1;
        }
      }
    }
    if (this.inRecord) {
      this.current += text.slice(Math.max(start, 0));
      if (this.current.length > this.maxRecordChars) {
        throw new Error(`a record longer than ${this.maxRecordChars.toLocaleString('en-US')} characters starts before character ${this.offset + text.length + 1}`);
      }
    }
    this.offset += text.length;
  }

  /** Throws if the text ended inside a record or an unclosed array. */
  end(): void {
    // A string is always inside a record (one between records is refused), so inRecord covers an open string.
    if (this.inRecord) throw new Error('the text ends in the middle of a record');
    if (this.mode === 'array') throw new Error('the array is never closed (the file may be cut short)');
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Nested objects become dotted keys (a.b); arrays are kept as JSON text. */
export function flattenRecord(value: Json, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flattenRecord(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  setOwn(out, prefix || 'value', value === null ? '' : Array.isArray(value) ? JSON.stringify(value) : String(value));
  return out;
}
