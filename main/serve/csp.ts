/**
 * The Content-Security-Policy of every Assay page (Electron and browser mode):
 * only our own scripts, no eval, no plugins, no framing, no remote anything.
 * Plotly injects <style> elements, hence 'unsafe-inline' for styles only.
 */
export function contentSecurityPolicy(wsOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${wsOrigins.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
