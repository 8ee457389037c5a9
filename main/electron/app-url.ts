import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir, rendererDir } from '../host/paths';

/** The one page the window may show: the built renderer, as a file: URL. */
export function rendererIndexPath(): string {
  return path.join(rendererDir(), 'index.html');
}

export function preloadPath(): string {
  return path.join(distDir(), 'preload', 'index.js');
}

export function appUrl(): URL {
  return pathToFileURL(rendererIndexPath());
}

/**
 * True for our renderer page only (any #route or ?query on it). Compared as
 * parsed URLs so "file:///…/index.html/../../etc" tricks and other files in
 * dist/ do not pass.
 */
export function isAppUrl(candidate: string, app: URL = appUrl()): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  return url.protocol === 'file:' && url.host === app.host && url.pathname === app.pathname;
}
