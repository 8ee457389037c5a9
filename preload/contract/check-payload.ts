/**
 * Checks a request against its channel's schema at the door, so a bad shape is
 * refused as BAD_INPUT naming the field and what was expected, before any handler
 * (or job, or run row) sees it.
 */
import * as v from 'valibot';
import type { InvokeChannel, InvokeReq } from './channels';
import { AssayError } from './errors';
import { invokeSchemas } from './payload-schemas';

type Issue = v.BaseIssue<unknown>;

/**
 * The most specific issue: a union's own issue says only "none matched", its branches say why
 * (their paths are relative to the union's, so the union's path is put in front).
 */
function deepest(issue: Issue): Issue {
  const nested = issue.issues ?? [];
  if (nested.length === 0) return issue;
  const best = nested.map(deepest).reduce((a, b) => ((b.path?.length ?? 0) > (a.path?.length ?? 0) ? b : a));
  const path = [...(issue.path ?? []), ...(best.path ?? [])];
  return { ...best, path: path.length > 0 ? (path as [v.IssuePathItem, ...v.IssuePathItem[]]) : undefined };
}

/** `source.path`, `rows[3][0]`; the payload itself is `payload`. */
function fieldPath(issue: Issue): string {
  const keys = (issue.path ?? []).map((item) => item.key);
  if (keys.length === 0) return 'payload';
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

/** `("a" | "b")` → `one of "a", "b"`. */
function expectedWords(expected: string): string {
  const bare = expected.startsWith('(') && expected.endsWith(')') ? expected.slice(1, -1) : expected;
  const options = bare.split(' | ');
  return options.length > 1 ? `one of ${options.join(', ')}` : bare;
}

/** What is wrong with one field, in words: "model must be one of "gbdt", …; got "evil"". */
function describe(issue: Issue): string {
  const where = fieldPath(issue);
  const got = issue.received.length > 80 ? `${issue.received.slice(0, 77)}…` : issue.received;
  switch (issue.type) {
    case 'object':
      return issue.received === 'undefined' && where !== 'payload' ? `${where} is missing` : `${where} must be an object; got ${got}`;
    case 'max_length':
      return `${where} is too long: at most ${issue.expected?.replace('<=', '') ?? '?'} allowed; got ${got}`;
    case 'max_entries':
      return `${where} has too many entries: at most ${issue.expected?.replace('<=', '') ?? '?'} allowed; got ${got}`;
    case 'safe_integer':
      return `${where} must be a whole number; got ${got}`;
    case 'min_value':
    case 'max_value':
      return `${where} must be ${issue.expected ?? ''}; got ${got}`;
    case 'finite':
      return `${where} must be a finite number; got ${got}`;
    case 'custom':
    case 'raw_transform':
      return `${where}: ${issue.message}`;
    default:
      return issue.expected === null ? `${where}: ${issue.message}` : `${where} must be ${expectedWords(issue.expected)}; got ${got}`;
  }
}

/**
 * The payload as its handler may take it (unknown keys dropped, parsed rules and
 * recipes with their defaults), or BAD_INPUT: the first problem in the message,
 * up to ten in `detail`.
 */
export function checkPayload<C extends InvokeChannel>(channel: C, payload: unknown): InvokeReq<C> {
  const result = v.safeParse(invokeSchemas[channel], payload);
  // The output type of the channel's own schema: InvokeReq<C> is inferred from it (channels.ts).
  if (result.success) return result.output as InvokeReq<C>;
  const problems = result.issues.map((i) => describe(deepest(i)));
  throw new AssayError(
    'BAD_INPUT',
    `${channel}: ${problems[0] ?? 'the request is malformed'}. Fix the request and send it again.`,
    problems.length > 1 ? problems.slice(0, 10).join('\n') : undefined,
  );
}
