/**
 * Electron entry: app lifecycle only. Everything Assay does lives in the
 * host; this file creates it with Electron's launcher and dialogs, wires the
 * contract to ipcMain, and opens the window.
 */
import path from 'node:path';
import { app, BrowserWindow, ipcMain, safeStorage } from 'electron';
import { Host } from '../host/host';
import { isAppUrl } from './app-url';
import { createPickPath } from './dialogs';
import { forwardPush, registerContract } from './ipc';
import { installMenu } from './menu';
import { projectArgument } from './project-arg';
import { SafeStorageKeyStore } from './safe-storage-key';
import { utilityLauncher } from './utility-launcher';
import { SafeStorageSecretStore } from './keychain';
import { createMainWindow, guardContents, secureSession } from './window';

// Every renderer sandboxed, whatever a future BrowserWindow forgets to set.
app.enableSandbox();

let host: Host | null = null;
let mainWindow: BrowserWindow | null = null;
let closing = false;

function report(what: string, err: unknown): void {
  process.stderr.write(`assay: ${what}: ${err instanceof Error ? err.message : String(err)}\n`);
}

function openFromArgs(argv: readonly string[]): void {
  const file = projectArgument(argv);
  if (!file || !host) return;
  try {
    host.openProject(file);
  } catch (err) {
    report(`could not open ${file}`, err);
  }
}

function showWindow(): void {
  if (!host) return;
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  const win = createMainWindow();
  forwardPush(host.push, win.webContents);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
}

async function start(): Promise<void> {
  secureSession();
  host = new Host({
    mode: 'electron',
    launcher: utilityLauncher,
    pickPath: createPickPath(() => mainWindow),
    version: app.getVersion(),
    configDir: app.getPath('userData'),
    privacyKeyStore: () => new SafeStorageKeyStore(safeStorage, path.join(app.getPath('userData'), 'privacy-key.bin')),
    keychain: new SafeStorageSecretStore(app.getPath('userData')),
  });
  const current = host;
  registerContract(ipcMain, current.dispatch, (frame) => frame !== null && isAppUrl(frame.url));
  installMenu((command) => current.push.emit('menu:command', { command }));
  openFromArgs(process.argv);
  showWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another Assay is running: it receives our argv through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    openFromArgs(argv);
    showWindow();
  });
  // macOS hands over double-clicked .assay files this way, possibly before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (host) openFromArgs([file]);
    else process.argv.push(file);
  });
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => showWindow());
  app.on('before-quit', (event) => {
    // Stop workers and checkpoint the project before the process goes.
    if (closing || !host) return;
    event.preventDefault();
    closing = true;
    host.close().then(
      () => app.quit(),
      (err: unknown) => {
        report('closing the project failed', err);
        app.quit();
      },
    );
  });
  app.whenReady().then(start, (err: unknown) => report('startup failed', err));
}
