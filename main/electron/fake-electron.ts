/**
 * Stand-ins for the parts of the electron module main/electron uses, for
 * tests: `vi.mock('electron', async () => (await import('./fake-electron')).electronModule)`.
 * No Electron binary exists on the build machines, so this is what the unit
 * tests run against; the e2e spec covers the real thing where it exists.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: Handler | null = null;
  destroyed = false;
  readonly send = vi.fn();
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadFile = vi.fn(async (_file: string) => undefined);
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
}

export class FakeUtilityProcess extends EventEmitter {
  static readonly forked: { entry: string; args: string[]; options: Record<string, unknown>; child: FakeUtilityProcess }[] = [];
  pid: number | undefined = undefined;
  readonly stderr = new PassThrough();
  readonly stdout = new PassThrough();
  readonly postMessage = vi.fn();
  readonly kill = vi.fn(() => true);
}

export const fake = {
  headersListener: null as Handler | null,
  permissionRequest: null as Handler | null,
  permissionCheck: null as Handler | null,
  handlers: new Map<string, Handler>(),
  appMenu: null as unknown,
  reset(): void {
    FakeBrowserWindow.created.length = 0;
    FakeUtilityProcess.forked.length = 0;
    this.headersListener = null;
    this.permissionRequest = null;
    this.permissionCheck = null;
    this.handlers.clear();
    this.appMenu = null;
  },
};

export const electronModule = {
  BrowserWindow: FakeBrowserWindow,
  session: {
    defaultSession: {
      webRequest: {
        onHeadersReceived: (listener: Handler) => {
          fake.headersListener = listener;
        },
      },
      setPermissionRequestHandler: (handler: Handler) => {
        fake.permissionRequest = handler;
      },
      setPermissionCheckHandler: (handler: Handler) => {
        fake.permissionCheck = handler;
      },
    },
  },
  ipcMain: {
    // never[]: accepts listeners typed for the real IpcMainInvokeEvent.
    handle: (channel: string, handler: (...args: never[]) => unknown) => {
      if (fake.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      fake.handlers.set(channel, handler as unknown as Handler);
    },
    removeHandler: (channel: string) => {
      fake.handlers.delete(channel);
    },
  },
  Menu: {
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: unknown) => {
      fake.appMenu = menu;
    },
  },
  dialog: {
    showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePath: '/tmp/picked.assay' })),
    showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePaths: ['/tmp/data.csv'] })),
  },
  utilityProcess: {
    fork: (entry: string, args: string[], options: Record<string, unknown>) => {
      const child = new FakeUtilityProcess();
      FakeUtilityProcess.forked.push({ entry, args, options, child });
      return child;
    },
  },
};
