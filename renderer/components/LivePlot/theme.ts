/**
 * Plot colours come from the app's design tokens (base.css custom properties),
 * read off the element the plot lives in, so a plot matches whatever theme
 * the page has, light or dark, and follows a change of the system scheme.
 */
export interface PlotTheme {
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly surface: string;
  readonly danger: string;
}

const fallback: PlotTheme = { text: '#1d2230', muted: '#6a7181', grid: '#e3e6eb', surface: '#ffffff', danger: '#c5362f' };

export function readTheme(el: Element): PlotTheme {
  const css = getComputedStyle(el);
  const token = (name: string, otherwise: string): string => css.getPropertyValue(name).trim() || otherwise;
  return {
    text: token('--text', fallback.text),
    muted: token('--muted', fallback.muted),
    grid: token('--border', fallback.grid),
    surface: token('--surface', fallback.surface),
    danger: token('--danger', fallback.danger),
  };
}

/** Calls `changed` when the system colour scheme flips; returns the unsubscribe. */
export function onSchemeChange(changed: () => void): () => void {
  const query = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  if (!query) return () => undefined;
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
}
