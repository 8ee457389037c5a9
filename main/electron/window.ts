/**
 * The main window and the rules every web page of the app lives under:
 * isolated, sandboxed, no Node, our CSP, no navigation, no popups, no
 * permissions.
 */
import fs from 'node:fs';
import { BrowserWindow, session, type Session, type WebContents, type WebPreferences } from 'electron';
import { contentSecurityPolicy } from '../serve/csp';
import { isAppUrl, preloadPath, rendererIndexPath } from './app-url';
import { findMetaPolicy } from './csp-meta';

export function secureWebPreferences(preload: string = preloadPath()): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    preload,
  };
}

/**
 * Session-wide rules, installed once. The header covers anything served over
 * http(s); file:// pages get no headers, hence also the meta-tag check below.
 */
export function secureSession(ses: Session = session.defaultSession): void {
  const policy = contentSecurityPolicy();
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  // Assay's pages need no camera, microphone, notifications, serial, … (sensors go through the host).
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Navigation and window rules for one page. */
export function guardContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayHome = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Warns when the built page lacks its CSP meta tag: under file:// nothing else enforces the policy. */
function checkPageCsp(indexHtml: string): void {
  let html = '';
  try {
    html = fs.readFileSync(indexHtml, 'utf8');
  } catch {
    process.stderr.write(`assay: ${indexHtml} is missing; run "npm run build" first.\n`);
    return;
  }
  if (!findMetaPolicy(html)) {
    process.stderr.write(`assay: ${indexHtml} has no Content-Security-Policy meta tag; the window runs without a CSP.\n`);
  }
}

export interface MainWindowOptions {
  readonly preload?: string;
  readonly indexHtml?: string;
}

export function createMainWindow(opts: MainWindowOptions = {}): BrowserWindow {
  const indexHtml = opts.indexHtml ?? rendererIndexPath();
  const win = new BrowserWindow({
    title: 'Assay',
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    webPreferences: secureWebPreferences(opts.preload),
  });
  guardContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  checkPageCsp(indexHtml);
  win.loadFile(indexHtml).catch((err: unknown) => {
    process.stderr.write(`assay: could not load ${indexHtml}: ${err instanceof Error ? err.message : String(err)}\n`);
  });
  return win;
}
