/**
 * Streams the records of one array inside a JSON document without holding the document:
 * the array at a dotted path of object keys (`data.items`), or the top-level array ('').
 * With the path left open (null) the first array of objects met is taken. Tracks only
 * structure, keys and strings; each record's text is handed on whole, to be parsed later.
 */
interface Frame {
  readonly kind: 'object' | 'array';
  /** Dotted path of this container, or null when an array lies on the way (not addressable by keys). */
  readonly path: string | null;
  key: string | null;
  expectKey: boolean;
}

export class JsonPathSplitter {
  private readonly stack: Frame[] = [];
  private target: string | null;
  private inString = false;
  private escaped = false;
  private keyChars: string | null = null;
  /** A '[' was just seen: the next token tells whether it holds objects. */
  private arrayOpened: Frame | null = null;
  private capture = '';
  private capturing = false;
  private captureDepth = 0;
  private started = false;
  private finished = false;
  private offset = 0;
  private records = 0;
  private targetSeen = false;
  /** Dotted paths of arrays whose first element is an object, in document order. */
  readonly candidates: string[] = [];

  constructor(
    target: string | null,
    private readonly maxRecordChars = 1 << 20,
  ) {
    this.target = target;
  }

  /** The path records are taken from (settled once the first array of objects is met). */
  get recordsPath(): string | null {
    return this.target;
  }

  get recordCount(): number {
    return this.records;
  }

  push(text: string, onRecord: (json: string) => void): void {
    let start = this.capturing ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.capturing) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 92) this.escaped = true;
          else if (c === 34) this.inString = false;
        } else if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.captureDepth++;
        else if (c === 125 || c === 93) {
          this.captureDepth--;
          if (this.captureDepth === 0) {
            onRecord(this.capture + text.slice(start, i + 1));
            this.records++;
            this.capture = '';
            this.capturing = false;
            start = -1;
          }
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) {
          this.inString = false;
          if (this.keyChars !== null) {
            this.top().key = decodeKey(this.keyChars);
            this.keyChars = null;
          }
          continue;
        }
        if (this.keyChars !== null) {
          this.keyChars += text[i];
          if (this.keyChars.length > 10_000) throw new Error(`an object key longer than 10,000 characters near character ${this.offset + i + 1}`);
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.finished) throw new Error(`unexpected text after the end of the document at character ${this.offset + i + 1}`);
      const opened = this.arrayOpened;
      this.arrayOpened = null;
      if (opened && c === 123 && opened.path !== null) {
        if (this.target === null) {
          this.target = opened.path;
          this.targetSeen = true;
        }
        if (!this.candidates.includes(opened.path)) this.candidates.push(opened.path);
      }
      const top = this.stack[this.stack.length - 1] as Frame | undefined;
      if (c === 123 && top?.kind === 'array' && top.path !== null && top.path === this.target) {
        this.capturing = true;
        this.captureDepth = 1;
        start = i;
        continue;
      }
      if (!this.started) {
        if (c !== 123 && c !== 91) throw new Error(`expected [ or { at character ${this.offset + i + 1}`);
        this.started = true;
      }
      if (top?.kind === 'array' && top.path !== null && top.path === this.target && c !== 44 && c !== 93) {
        throw new Error(`expected an object (a record) at character ${this.offset + i + 1}`);
      }
      if (c === 34) {
        this.inString = true;
        if (top?.kind === 'object' && top.expectKey) this.keyChars = '';
        continue;
      }
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a colon in an array only clears a flag arrays never read.
      if (c === 58 && top?.kind === 'object') {
        top.expectKey = false;
        continue;
      }
      if (c === 44) {
        // Stryker disable next-line ConditionalExpression: an array's expectKey is never read.
        if (top?.kind === 'object') top.expectKey = true;
        continue;
      }
      if (c === 123 || c === 91) {
        const path = this.childPath(top);
        const frame: Frame = { kind: c === 123 ? 'object' : 'array', path, key: null, expectKey: c === 123 };
        this.stack.push(frame);
        if (c === 91) {
          this.arrayOpened = frame;
          // Stryker disable next-line ConditionalExpression,LogicalOperator: with no target end() refuses before it reads targetSeen.
          if (path !== null && path === this.target) this.targetSeen = true;
        }
        continue;
      }
      if (c === 125 || c === 93) {
        const closed = this.stack.pop();
        if (!closed || (closed.kind === 'object') !== (c === 125)) throw new Error(`unbalanced ${String.fromCharCode(c)} at character ${this.offset + i + 1}`);
        if (this.stack.length === 0) this.finished = true;
      }
      // Anything else is part of a scalar value outside the records: skipped.
    }
    if (this.capturing) {
      this.capture += text.slice(Math.max(start, 0));
      if (this.capture.length > this.maxRecordChars) {
        throw new Error(`a record longer than ${this.maxRecordChars.toLocaleString('en-US')} characters starts before character ${this.offset + text.length + 1}`);
      }
    }
    this.offset += text.length;
  }

  /** Throws if the document is cut short or the records path was never found. */
  end(): void {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a string is always inside a container, so the stack is not empty.
    if (this.capturing || this.inString || this.stack.length > 0) throw new Error('the text ends in the middle of the document (the file may be cut short)');
    if (this.target === null) throw new Error('it holds no array of objects to take records from');
    if (!this.targetSeen) throw new Error(`there is no array at the records path "${this.target || '(top level)'}"`);
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1];
  }

  private childPath(parent: Frame | undefined): string | null {
    if (!parent) return '';
    if (parent.kind === 'array' || parent.path === null || parent.key === null) return null;
    return parent.path === '' ? parent.key : `${parent.path}.${parent.key}`;
  }
}

function decodeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
