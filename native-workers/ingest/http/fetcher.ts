/**
 * One JSON request with the manners an API expects: a requests-per-second
 * cap, Retry-After honoured (seconds or an HTTP date) on 429 and 503,
 * exponential back-off with jitter on 429/5xx/network errors within a bounded
 * number of retries, one token refresh on 401 for OAuth2. Errors name the
 * source by its URL without secrets.
 */
import { AssayError } from '../../../preload/contract/errors';
import { redactText, redactUrl, withoutSecretParams } from '../redact';
import type { AuthApplier } from './auth';

/** Redirects followed for one request before it counts as a loop. */
const maxRedirects = 5;

export interface FetchOptions {
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly maxRps: number;
  readonly retries: number;
  readonly signal: AbortSignal;
  readonly secret: string | null;
  /** Longest wait accepted from Retry-After or back-off, in ms. */
  readonly maxWaitMs?: number;
}

export interface JsonResponse {
  readonly status: number;
  readonly json: unknown;
  readonly headers: Headers;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AssayError('CANCELLED', 'Cancelled'));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new AssayError('CANCELLED', 'Cancelled'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export class Fetcher {
  private nextSlot = 0;
  requests = 0;
  retried = 0;
  waitedMs = 0;

  constructor(
    private readonly opts: FetchOptions,
    private readonly auth: AuthApplier,
  ) {}

  private async rateSlot(): Promise<void> {
    const gap = 1000 / Math.max(0.01, this.opts.maxRps);
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + gap;
    if (at > now) await sleep(at - now, this.opts.signal);
  }

  private backoff(attempt: number): number {
    // Full jitter: spreads clients that failed together instead of retrying in lockstep.
    return Math.min(this.opts.maxWaitMs ?? 60_000, Math.round(Math.random() * 250 * 2 ** attempt) + 50);
  }

  async get(target: string): Promise<JsonResponse> {
    const shown = redactUrl(target);
    let refreshed = false;
    let lastProblem = '';
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (attempt > 0) this.retried++;
      await this.rateSlot();
      let res: Response;
      try {
        res = await this.send(new URL(target), shown);
      } catch (err) {
        if (this.opts.signal.aborted) throw new AssayError('CANCELLED', 'Cancelled');
        if (err instanceof AssayError) throw err;
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        lastProblem = redactText(cause?.code ?? cause?.message ?? (err as Error).message, [this.opts.secret]);
        await this.wait(this.backoff(attempt));
        continue;
      }
      if (res.status === 401 && this.auth.refreshable && !refreshed) {
        // An expired or revoked OAuth2 token: fetch a new one once, then retry at once.
        refreshed = true;
        this.auth.invalidate();
        await res.body?.cancel();
        attempt--;
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        const after = retryAfterMs(res.headers.get('retry-after'));
        lastProblem = `HTTP ${res.status}`;
        await res.body?.cancel();
        if (attempt === this.opts.retries) break;
        await this.wait(after !== null ? Math.min(after, this.opts.maxWaitMs ?? 60_000) + Math.round(Math.random() * 100) : this.backoff(attempt));
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel();
        throw new AssayError('AUTH', `${shown} refused the credentials (HTTP ${res.status}). Check the API key, token or user and where its secret comes from.`);
      }
      if (res.status === 404) {
        await res.body?.cancel();
        throw new AssayError('NOT_FOUND', `${shown} does not exist (HTTP 404). Check the URL.`);
      }
      if (!res.ok) {
        const text = redactText((await res.text().catch(() => '')).slice(0, 200), [this.opts.secret]);
        throw new AssayError('IO', `${shown} answered HTTP ${res.status}${text ? `: ${text}` : ''}.`);
      }
      return { status: res.status, headers: res.headers, json: await this.parse(res, shown) };
    }
    throw new AssayError('IO', `${shown} kept failing (${lastProblem}) after ${this.opts.retries} retries. Try again later; a pull that had started can be resumed.`);
  }

  /**
   * One request, its redirects followed by hand (fetch's own following would forward a custom
   * API-key header to wherever the API points): the source's headers and its auth (header or
   * query key) go only to the source's own origin; a hop elsewhere carries none of them.
   */
  private async send(first: URL, shown: string): Promise<Response> {
    const origin = first.origin;
    const secrets = this.opts.secret ? [this.opts.secret] : [];
    const keyParam = this.auth.queryParam;
    let url = first;
    let method: 'GET' | 'POST' = this.opts.method;
    let body = this.opts.body;
    for (let hop = 0; ; hop++) {
      const headers = new Headers({ accept: 'application/json' });
      if (url.origin === origin) {
        for (const [k, v] of Object.entries(this.opts.headers)) headers.set(k, v);
        await this.auth.apply(url, headers);
      }
      this.requests++;
      const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), signal: this.opts.signal, redirect: 'manual' });
      const location = res.headers.get('location');
      if (res.status < 300 || res.status > 399 || res.status === 304 || !location) return res;
      await res.body?.cancel();
      if (hop >= maxRedirects) throw new AssayError('IO', `${shown} redirected more than ${maxRedirects} times; give the API's final URL.`);
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new AssayError('BAD_INPUT', `${shown} redirected to a ${next.protocol} address; only http:// and https:// are followed.`);
      // 303, and 301/302 after a POST, turn into a GET without a body (as browsers do).
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next.origin === origin ? next : new URL(withoutSecretParams(next.toString(), secrets, keyParam ? [keyParam] : []));
    }
  }

  private async wait(ms: number): Promise<void> {
    this.waitedMs += ms;
    await sleep(ms, this.opts.signal);
  }

  private async parse(res: Response, shown: string): Promise<unknown> {
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const head = text.trimStart().slice(0, 1);
    if (/html/i.test(type) || head === '<') {
      throw new AssayError('BAD_INPUT', `${shown} returned HTML instead of JSON (content-type ${type || 'none'}): is the URL an API endpoint, and is a login page in the way?`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AssayError('BAD_INPUT', `${shown} did not return valid JSON (starts with ${JSON.stringify(redactText(text.slice(0, 40), [this.opts.secret]))}).`);
    }
  }
}
