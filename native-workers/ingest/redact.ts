/**
 * Keeps secrets out of anything a user or a reviewer can read: error messages,
 * logs, lineage, run rows. Database drivers and HTTP libraries like to echo a
 * connection string or a URL with its credentials; everything leaving a source
 * goes through here.
 */

/** Query parameters whose values are credentials. */
const secretParams = /^(api[_-]?key|apikey|key|token|access[_-]?token|refresh[_-]?token|password|passwd|pwd|secret|client[_-]?secret|sig|signature|auth)$/i;

/** A URL with its password and credential query values replaced by ***. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return redactText(url, []);
  }
  if (u.password) u.password = '***';
  for (const k of [...u.searchParams.keys()]) if (secretParams.test(k)) u.searchParams.set(k, '***');
  return u.toString().replace(/%2A%2A%2A/g, '***');
}

/**
 * Text with every known secret replaced by ***, and passwords inside any
 * URL-like `scheme://user:password@host` or `password=…` pairs masked too.
 */
export function redactText(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 1) out = out.split(s).join('***');
  }
  out = out.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
  out = out.replace(/\b(password|passwd|pwd|secret|token|api[_-]?key|client_secret)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,]+)/gi, '$1$2***');
  out = out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 ***');
  return out;
}

/** Fields of a job's start message that carry a secret in clear (see protocol.ts). */
const secretFields = ['secret', 'password', 'privacyKeyBase64'] as const;

/** The secret values a job's spec carries, for redaction by value of everything the job sends back. */
export function jobSecrets(spec: object): string[] {
  const fields = spec as Partial<Record<(typeof secretFields)[number], unknown>>;
  return secretFields.map((f) => fields[f]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/**
 * A copy of a message with every secret value replaced by *** in its strings (keys and numbers
 * untouched), whatever field or parameter name carried it: an API that echoes a key under a
 * name the URL rules do not know still cannot leak it into a run row, a log or the page.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return secrets.some((s) => v.includes(s)) ? redactText(v, secrets) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * A URL without the query parameters that carry a secret: those named by the auth settings
 * and any whose value holds a secret. Used for positions that are stored or shown (a next-page
 * URL an API echoed the key into); the auth puts the key back on each request.
 */
export function withoutSecretParams(url: string, secrets: readonly string[], names: readonly string[]): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const drop = [...u.searchParams.entries()].filter(([k, v]) => names.includes(k) || secrets.some((s) => v.includes(s))).map(([k]) => k);
  if (drop.length === 0) return url;
  for (const k of drop) u.searchParams.delete(k);
  return u.toString();
}
