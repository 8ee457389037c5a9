/**
 * Safe arithmetic expressions for derived fields (`Transform` kind 'derived').
 *
 * A recursive-descent parser builds an AST once; the AST is then compiled to a
 * tree of closures so that evaluating it per reading does no parsing and no
 * lookups by name. There is no eval/Function anywhere: user text can only ever
 * do arithmetic.
 *
 * Grammar (lowest precedence first):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ('^' unary)?          right-associative: 2^3^2 = 2^9, -2^2 = -4
 *   primary := number | field | func '(' expr (',' expr)* ')' | '(' expr ')'
 *   field   := identifier ('.' identifier-part)*  |  `any text but a backtick`
 *
 * A field name followed by '(' is a function call; a field that happens to be
 * called like a function (e.g. `max`) is written with backticks.
 */

export type ExprNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'field'; readonly name: string; readonly position: number }
  | { readonly kind: 'neg'; readonly arg: ExprNode }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/' | '^'; readonly left: ExprNode; readonly right: ExprNode }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly ExprNode[] };

export type FunctionName = 'sqrt' | 'abs' | 'min' | 'max' | 'log' | 'exp';

/** Arity per function: a number is exact, 'variadic' is one or more. */
const FUNCTIONS: Readonly<Record<FunctionName, 1 | 'variadic'>> = {
  sqrt: 1,
  abs: 1,
  log: 1,
  exp: 1,
  min: 'variadic',
  max: 'variadic',
};

/** A bad expression. `position` is the 0-based index into the source; the message quotes it 1-based for people. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at character ${position + 1})`);
    this.name = 'ExpressionError';
  }
}

type Token =
  | { readonly kind: 'number'; readonly value: number; readonly pos: number; readonly text: string }
  | { readonly kind: 'ident'; readonly name: string; readonly quoted: boolean; readonly pos: number; readonly text: string }
  | { readonly kind: 'op'; readonly op: '+' | '-' | '*' | '/' | '^' | '(' | ')' | ','; readonly pos: number; readonly text: string }
  | { readonly kind: 'end'; readonly pos: number; readonly text: string };

/** Limits that keep parsing, compiling and evaluating within the call stack (a deeper or longer text threw a RangeError). */
const MAX_TOKENS = 2000;
const MAX_NESTING = 100;

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentPart = (c: string): boolean => isIdentStart(c) || isDigit(c);

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      while (i < src.length && isDigit(src[i])) i++;
      if (src[i] === '.') {
        i++;
        while (i < src.length && isDigit(src[i])) i++;
      }
      if (src[i] === 'e' || src[i] === 'E') {
        let j = i + 1;
        if (src[j] === '+' || src[j] === '-') j++;
        if (!isDigit(src[j] ?? '')) throw new ExpressionError(`Malformed number '${src.slice(start, j)}': the exponent needs digits`, start);
        while (j < src.length && isDigit(src[j])) j++;
        i = j;
      }
      // "2x" or "1.2.3" is a typo, not an implicit product.
      if (i < src.length && (isIdentStart(src[i]) || src[i] === '.')) {
        throw new ExpressionError(`Malformed number '${src.slice(start, i + 1)}'`, start);
      }
      const text = src.slice(start, i);
      tokens.push({ kind: 'number', value: Number(text), pos: start, text });
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < src.length) {
        if (isIdentPart(src[i])) i++;
        // Dotted names such as `temp.mean` (analytic outputs) read as one field.
        else if (src[i] === '.' && isIdentPart(src[i + 1] ?? '')) i += 2;
        else break;
      }
      const text = src.slice(start, i);
      tokens.push({ kind: 'ident', name: text, quoted: false, pos: start, text });
      continue;
    }
    if (c === '`') {
      const close = src.indexOf('`', i + 1);
      if (close < 0) throw new ExpressionError('Unclosed backtick: a quoted field name needs a closing `', start);
      const name = src.slice(i + 1, close);
      if (name.length === 0) throw new ExpressionError('Empty field name between backticks', start);
      i = close + 1;
      tokens.push({ kind: 'ident', name, quoted: true, pos: start, text: src.slice(start, i) });
      continue;
    }
    if (c === '+' || c === '-' || c === '*' || c === '/' || c === '^' || c === '(' || c === ')' || c === ',') {
      i++;
      tokens.push({ kind: 'op', op: c, pos: start, text: c });
      continue;
    }
    throw new ExpressionError(`Unexpected character '${c}'`, start);
  }
  if (tokens.length > MAX_TOKENS) {
    throw new ExpressionError(`The expression is too long (more than ${MAX_TOKENS.toLocaleString('en-US')} numbers, names and operators): split it into several derived fields`, tokens[MAX_TOKENS].pos);
  }
  tokens.push({ kind: 'end', pos: src.length, text: 'end of expression' });
  return tokens;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): ExprNode {
    const node = this.expr();
    const t = this.peek();
    if (t.kind !== 'end') {
      throw new ExpressionError(t.kind === 'op' && t.op === ')' ? "Unmatched ')'" : `Unexpected '${t.text}': expected an operator`, t.pos);
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private isOp(op: string): boolean {
    const t = this.tokens[this.i];
    return t.kind === 'op' && t.op === op;
  }

  private expr(): ExprNode {
    let left = this.term();
    for (;;) {
      if (this.isOp('+') || this.isOp('-')) {
        const op = this.isOp('+') ? '+' : '-';
        this.i++;
        left = { kind: 'binary', op, left, right: this.term() };
      } else return left;
    }
  }

  private term(): ExprNode {
    let left = this.unary();
    for (;;) {
      if (this.isOp('*') || this.isOp('/')) {
        const op = this.isOp('*') ? '*' : '/';
        this.i++;
        left = { kind: 'binary', op, left, right: this.unary() };
      } else return left;
    }
  }

  /** Every nesting (parentheses, a sign, a power, a call's arguments) passes here: the depth is counted once. */
  private unary(): ExprNode {
    if (this.depth >= MAX_NESTING) {
      throw new ExpressionError(`The expression is nested too deeply (more than ${MAX_NESTING} levels): simplify it or split it into several derived fields`, this.peek().pos);
    }
    this.depth++;
    try {
      return this.signed();
    } finally {
      this.depth--;
    }
  }

  private signed(): ExprNode {
    if (this.isOp('-')) {
      this.i++;
      return { kind: 'neg', arg: this.unary() };
    }
    if (this.isOp('+')) {
      this.i++;
      return this.unary();
    }
    return this.power();
  }

  private power(): ExprNode {
    const base = this.primary();
    if (this.isOp('^')) {
      this.i++;
      return { kind: 'binary', op: '^', left: base, right: this.unary() };
    }
    return base;
  }

  private primary(): ExprNode {
    const t = this.peek();
    if (t.kind === 'number') {
      this.i++;
      return { kind: 'number', value: t.value };
    }
    if (t.kind === 'ident') {
      this.i++;
      if (!t.quoted && this.isOp('(')) return this.call(t.name, t.pos);
      return { kind: 'field', name: t.name, position: t.pos };
    }
    if (t.kind === 'op' && t.op === '(') {
      this.i++;
      const inner = this.expr();
      if (!this.isOp(')')) throw new ExpressionError(`Expected ')' to close the '(' at character ${t.pos + 1}`, this.peek().pos);
      this.i++;
      return inner;
    }
    if (t.kind === 'end') throw new ExpressionError('Unexpected end of expression: expected a number, a field or "("', t.pos);
    throw new ExpressionError(`Unexpected '${t.text}': expected a number, a field or "("`, t.pos);
  }

  private call(name: string, pos: number): ExprNode {
    if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) {
      throw new ExpressionError(`Unknown function '${name}' (known: ${Object.keys(FUNCTIONS).join(', ')})`, pos);
    }
    const fn = name as FunctionName;
    this.i++; // '('
    const args: ExprNode[] = [];
    if (this.isOp(')')) throw new ExpressionError(`${fn}() needs an argument`, this.peek().pos);
    for (;;) {
      args.push(this.expr());
      if (this.isOp(',')) {
        this.i++;
        continue;
      }
      if (this.isOp(')')) {
        this.i++;
        break;
      }
      throw new ExpressionError(`Expected ',' or ')' in the arguments of ${fn}()`, this.peek().pos);
    }
    const arity = FUNCTIONS[fn];
    if (arity !== 'variadic' && args.length !== arity) {
      throw new ExpressionError(`${fn}() takes ${arity} argument, got ${args.length}`, pos);
    }
    return { kind: 'call', fn, args };
  }
}

/** Parses `source` to an AST; throws ExpressionError with the position of the problem. */
export function parseExpression(source: string): ExprNode {
  if (source.trim().length === 0) throw new ExpressionError('The expression is empty', 0);
  return new Parser(tokenize(source)).parse();
}

/** An evaluator bound to slots: reads inputs from an array, returns a finite number or null. */
export type SlotEvaluator = (values: ArrayLike<number | null>) => number | null;

type Eval = (values: ArrayLike<number | null>) => number | null;

export interface CompiledExpression {
  readonly source: string;
  readonly ast: ExprNode;
  /** Fields the expression reads, first-seen order, without repeats. */
  readonly fields: readonly string[];
  /** Binds field names to array slots once; the returned function is the per-reading hot path. */
  bind(slotOf: (name: string) => number): SlotEvaluator;
  /** Convenience evaluation against a record (tests, one-off use); missing fields count as null. */
  evaluate(values: Readonly<Record<string, number | null | undefined>>): number | null;
}

export interface CompileOptions {
  /** When given, a reference to any other field is an error at compile time. */
  readonly knownFields?: readonly string[];
}

function collectFields(node: ExprNode, out: { name: string; position: number }[]): void {
  switch (node.kind) {
    case 'number':
      return;
    case 'field':
      out.push({ name: node.name, position: node.position });
      return;
    case 'neg':
      collectFields(node.arg, out);
      return;
    case 'binary':
      collectFields(node.left, out);
      collectFields(node.right, out);
      return;
    case 'call':
      for (const a of node.args) collectFields(a, out);
      return;
  }
}

// Closure compilation: each node becomes one small function. Null anywhere below
// makes the node null (a missing input cannot give a meaningful derived value).
function compileNode(node: ExprNode, slotOf: (name: string) => number): Eval {
  switch (node.kind) {
    case 'number': {
      const v = node.value;
      return () => v;
    }
    case 'field': {
      const slot = slotOf(node.name);
      return (vals) => vals[slot];
    }
    case 'neg': {
      const a = compileNode(node.arg, slotOf);
      return (vals) => {
        const x = a(vals);
        return x === null ? null : -x;
      };
    }
    case 'binary': {
      const l = compileNode(node.left, slotOf);
      const r = compileNode(node.right, slotOf);
      const op = node.op;
      const f =
        op === '+'
          ? (x: number, y: number) => x + y
          : op === '-'
            ? (x: number, y: number) => x - y
            : op === '*'
              ? (x: number, y: number) => x * y
              : op === '/'
                ? (x: number, y: number) => x / y
                : (x: number, y: number) => Math.pow(x, y);
      return (vals) => {
        const x = l(vals);
        if (x === null) return null;
        const y = r(vals);
        return y === null ? null : f(x, y);
      };
    }
    case 'call': {
      const args = node.args.map((a) => compileNode(a, slotOf));
      if (node.fn === 'min' || node.fn === 'max') {
        const isMax = node.fn === 'max';
        return (vals) => {
          let best = isMax ? -Infinity : Infinity;
          for (let k = 0; k < args.length; k++) {
            const x = args[k](vals);
            if (x === null) return null;
            // NaN must propagate (like Math.min/max) rather than be skipped by the comparison.
            if (Number.isNaN(x)) return NaN;
            if (isMax ? x > best : x < best) best = x;
          }
          return best;
        };
      }
      const a = args[0];
      const f = node.fn === 'sqrt' ? Math.sqrt : node.fn === 'abs' ? Math.abs : node.fn === 'log' ? Math.log : Math.exp;
      return (vals) => {
        const x = a(vals);
        return x === null ? null : f(x);
      };
    }
  }
}

/**
 * Parses and checks `source` once. Results that are not finite (1/0, sqrt(-1),
 * log(0)) evaluate to null: JSON and the store cannot carry NaN or Infinity.
 */
export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  const ast = parseExpression(source);
  const refs: { name: string; position: number }[] = [];
  collectFields(ast, refs);
  if (options.knownFields) {
    const known = new Set(options.knownFields);
    for (const ref of refs) {
      if (!known.has(ref.name)) {
        const list = options.knownFields.length > 0 ? ` (known: ${options.knownFields.join(', ')})` : '';
        throw new ExpressionError(`Unknown field '${ref.name}'${list}`, ref.position);
      }
    }
  }
  const fields = [...new Set(refs.map((r) => r.name))];
  const bind = (slotOf: (name: string) => number): SlotEvaluator => {
    const root = compileNode(ast, slotOf);
    return (vals) => {
      const y = root(vals);
      return y === null || !Number.isFinite(y) ? null : y;
    };
  };
  // The record form binds to a private array in field order; fine for tests and rare calls.
  const local = bind((name) => fields.indexOf(name));
  const scratch: (number | null)[] = new Array<number | null>(fields.length).fill(null);
  return {
    source,
    ast,
    fields,
    bind,
    evaluate(values) {
      for (let k = 0; k < fields.length; k++) {
        const v = values[fields[k]];
        scratch[k] = typeof v === 'number' ? v : null;
      }
      return local(scratch);
    },
  };
}
