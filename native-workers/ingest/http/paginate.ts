/**
 * Where the next page comes from: a page/offset parameter, a cursor field of
 * the response, or the RFC 5988 Link header (rel="next"). A next URL that was
 * already fetched means the API loops, which is an error rather than an
 * endless pull.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { Pagination } from '../../../preload/contract/sources';
import { redactUrl } from '../redact';

export function getPath(doc: unknown, path: string): unknown {
  if (!path) return doc;
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The rel="next" target of a Link header, resolved against the request URL. */
export function linkNext(header: string | null, base: string): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>(.*)/.exec(part.trim());
    if (!m) continue;
    if (/;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(m[2])) return new URL(m[1], base).toString();
  }
  return null;
}

/** The first page's URL: a page or offset parameter gets its starting value. */
export function firstUrl(url: string, p: Pagination): string {
  if (p.kind !== 'page') return url;
  const u = new URL(url);
  u.searchParams.set(p.param, String(p.start ?? (p.offset ? 0 : 1)));
  if (p.sizeParam && p.size) u.searchParams.set(p.sizeParam, String(p.size));
  return u.toString();
}

export function nextUrl(p: Pagination, current: string, doc: unknown, headers: Headers, records: number): string | null {
  switch (p.kind) {
    case 'none':
      return null;
    case 'page': {
      if (records === 0 || (p.size && records < p.size)) return null;
      const u = new URL(current);
      const cur = Number(u.searchParams.get(p.param) ?? p.start ?? (p.offset ? 0 : 1));
      u.searchParams.set(p.param, String(p.offset ? cur + records : cur + 1));
      return u.toString();
    }
    case 'cursor': {
      const c = getPath(doc, p.field);
      if (c === null || c === undefined || c === '' || c === false) return null;
      if (typeof c !== 'string' && typeof c !== 'number') throw new AssayError('BAD_INPUT', `The cursor field "${p.field}" of ${redactUrl(current)} is not a string or number.`);
      const u = new URL(current);
      u.searchParams.set(p.param ?? 'cursor', String(c));
      return u.toString();
    }
    case 'link':
      return linkNext(headers.get('link'), current);
  }
}

/** Remembers fetched URLs: the same one twice is a pagination loop. */
export class LoopGuard {
  private readonly seen = new Set<string>();
  constructor(private readonly maxPages: number) {}
  check(url: string, pages: number): void {
    if (this.seen.has(url)) {
      throw new AssayError('BAD_INPUT', `The API's pagination loops: ${redactUrl(url)} was already fetched (page ${pages + 1}). Check the pagination settings (cursor field or page parameter).`);
    }
    if (pages >= this.maxPages) {
      throw new AssayError('BAD_INPUT', `Stopped after ${this.maxPages} pages of ${redactUrl(url)}: the pagination does not seem to end. Raise the page cap if the API really has more.`);
    }
    this.seen.add(url);
  }
}
