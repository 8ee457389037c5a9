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
