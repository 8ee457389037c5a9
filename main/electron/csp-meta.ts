import { contentSecurityPolicy } from '../serve/csp';

/**
 * The policy as a <meta> tag can carry it. A page loaded from file:// has no
 * response headers, so in Electron the meta tag in renderer/index.html is
 * what actually applies; frame-ancestors is dropped because browsers ignore
 * it (with a console warning) in meta tags.
 */
export function metaPolicy(): string {
  return contentSecurityPolicy()
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
}

/** The policy declared by a page's CSP meta tag, or null when it has none. */
export function findMetaPolicy(html: string): string | null {
  const tag = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]*)"\s*\/?>/i.exec(html);
  return tag ? (tag[1] ?? null) : null;
}
