/**
 * Applies a source's authentication to each request: API key (header or
 * query), bearer token, basic, or OAuth2 client credentials (token fetched
 * once, cached until shortly before it expires, fetched again after a 401).
 * The secret is added at request time only, so stored URLs (resume
 * positions, lineage) never hold it.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { HttpAuth } from '../../../preload/contract/sources';
import { redactUrl } from '../redact';

export class AuthApplier {
  private token: { value: string; expiresAt: number } | null = null;
  tokenFetches = 0;

  constructor(
    private readonly auth: HttpAuth,
    private readonly secret: string | null,
    private readonly signal: AbortSignal,
  ) {
    if (auth.kind !== 'none' && !secret) throw new AssayError('AUTH', `The ${auth.kind} authentication has no secret: set it where the source says it comes from.`);
  }

  get refreshable(): boolean {
    return this.auth.kind === 'oauth2';
  }

  /** The query parameter that carries the key, if the key goes in the query: it is never sent to another origin. */
  get queryParam(): string | null {
    return this.auth.kind === 'api-key' && this.auth.in === 'query' ? this.auth.name : null;
  }

  /** Forget a cached token (the server answered 401): the next request fetches a new one. */
  invalidate(): void {
    this.token = null;
  }

  async apply(url: URL, headers: Headers): Promise<void> {
    const a = this.auth;
    const secret = this.secret ?? '';
    switch (a.kind) {
      case 'none':
        return;
      case 'api-key':
        if (a.in === 'header') headers.set(a.name, secret);
        else url.searchParams.set(a.name, secret);
        return;
      case 'bearer':
        headers.set('Authorization', `Bearer ${secret}`);
        return;
      case 'basic':
        headers.set('Authorization', `Basic ${Buffer.from(`${a.user}:${secret}`).toString('base64')}`);
        return;
      case 'oauth2':
        headers.set('Authorization', `Bearer ${await this.oauthToken(a, secret)}`);
    }
  }

  private async oauthToken(a: Extract<HttpAuth, { kind: 'oauth2' }>, secret: string): Promise<string> {
    if (this.token && Date.now() < this.token.expiresAt) return this.token.value;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: a.clientId, client_secret: secret, ...(a.scope ? { scope: a.scope } : {}) });
    let res: Response;
    try {
      // Not followed: a redirect would carry the client secret in its body to wherever it points.
      res = await fetch(a.tokenUrl, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, signal: this.signal, redirect: 'manual' });
    } catch (err) {
      throw new AssayError('IO', `Cannot reach the OAuth2 token endpoint ${redactUrl(a.tokenUrl)}: ${(err as Error).message}.`);
    }
    this.tokenFetches++;
    if (res.status >= 300 && res.status <= 399) {
      await res.body?.cancel();
      throw new AssayError('AUTH', `The OAuth2 token endpoint ${redactUrl(a.tokenUrl)} redirects (HTTP ${res.status}); the client secret is not sent on. Give the endpoint's final URL.`);
    }
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new AssayError('AUTH', `The OAuth2 token endpoint ${redactUrl(a.tokenUrl)} refused the client credentials (HTTP ${res.status}). Check the client id and secret.`);
    }
    if (!res.ok) throw new AssayError('IO', `The OAuth2 token endpoint ${redactUrl(a.tokenUrl)} answered HTTP ${res.status}.`);
    const doc = (await res.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
    if (!doc || typeof doc.access_token !== 'string') throw new AssayError('AUTH', `The OAuth2 token endpoint ${redactUrl(a.tokenUrl)} returned no access_token.`);
    const ttl = typeof doc.expires_in === 'number' ? doc.expires_in : 3600;
    // Renew a little early so a token never expires between being read and being checked.
    this.token = { value: doc.access_token, expiresAt: Date.now() + Math.max(1, ttl - 30) * 1000 };
    return doc.access_token;
  }
}
