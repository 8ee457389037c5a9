import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '../serve/csp';
import { appUrl, isAppUrl } from './app-url';
import { findMetaPolicy, metaPolicy } from './csp-meta';
import { fake, FakeBrowserWindow } from './fake-electron';
import { createMainWindow, secureSession } from './window';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => fake.reset());

function event() {
  return { preventDefault: vi.fn() };
}

describe('createMainWindow', () => {
  it('isolates, sandboxes and keeps Node out of the page', () => {
    createMainWindow({ preload: '/app/dist/preload/index.js', indexHtml: '/app/dist/renderer/index.html' });
    const [win] = FakeBrowserWindow.created;
    const prefs = win?.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      webviewTag: false,
      preload: '/app/dist/preload/index.js',
    });
    expect(win?.loadFile).toHaveBeenCalledWith('/app/dist/renderer/index.html');
  });

  it('defaults to the built preload and renderer', () => {
    createMainWindow();
    const win = FakeBrowserWindow.created[0];
    const prefs = win?.options['webPreferences'] as Record<string, unknown>;
    expect(String(prefs['preload'])).toMatch(/dist[\\/]preload[\\/]index\.js$/);
    expect(String(win?.loadFile.mock.calls[0]?.[0])).toMatch(/dist[\\/]renderer[\\/]index\.html$/);
  });

  it('denies window.open and navigation away from the app', () => {
    createMainWindow();
    const contents = FakeBrowserWindow.created[0]?.webContents;
    expect(contents?.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const foreign = event();
    contents?.emit('will-navigate', foreign, 'https://evil.example/');
    expect(foreign.preventDefault).toHaveBeenCalled();
    const otherFile = event();
    contents?.emit('will-navigate', otherFile, 'file:///etc/passwd');
    expect(otherFile.preventDefault).toHaveBeenCalled();
    const redirect = event();
    contents?.emit('will-redirect', redirect, 'http://127.0.0.1:1/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const home = event();
    contents?.emit('will-navigate', home, `${appUrl().href}#/datasets`);
    expect(home.preventDefault).not.toHaveBeenCalled();
    const webview = event();
    contents?.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});

describe('secureSession', () => {
  it('adds the CSP header to every response and keeps the others', () => {
    secureSession();
    const callback = vi.fn();
    fake.headersListener?.({ url: 'https://x/', responseHeaders: { 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [contentSecurityPolicy()] },
    });
    expect(contentSecurityPolicy()).toContain("script-src 'self'");
  });

  it('denies every permission request and check', () => {
    secureSession();
    const callback = vi.fn();
    fake.permissionRequest?.({}, 'media', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(fake.permissionCheck?.({}, 'serial', 'file://', {})).toBe(false);
  });
});

describe('the page CSP', () => {
  it('renderer/index.html carries the policy in a meta tag, since file:// has no headers', () => {
    const html = fs.readFileSync(path.resolve(__dirname, '../../renderer/index.html'), 'utf8');
    expect(findMetaPolicy(html)).toBe(metaPolicy());
    expect(metaPolicy()).not.toContain('frame-ancestors');
  });
});

describe('isAppUrl', () => {
  const app = new URL('file:///opt/Assay/resources/app.asar/dist/renderer/index.html');
  it('accepts the renderer page with a route and nothing else', () => {
    expect(isAppUrl('file:///opt/Assay/resources/app.asar/dist/renderer/index.html#/x?y=1', app)).toBe(true);
    expect(isAppUrl('file:///opt/Assay/resources/app.asar/dist/renderer/other.html', app)).toBe(false);
    expect(isAppUrl('file:///opt/Assay/resources/app.asar/dist/renderer/index.html/../../../etc/passwd', app)).toBe(false);
    expect(isAppUrl('file://evil-host/opt/Assay/resources/app.asar/dist/renderer/index.html', app)).toBe(false);
    expect(isAppUrl('https://opt/Assay/resources/app.asar/dist/renderer/index.html', app)).toBe(false);
    expect(isAppUrl('not a url', app)).toBe(false);
  });
});
