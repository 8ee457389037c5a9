import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuCommand } from '../../preload/contract/types';
import { PushHub } from '../host/events';
import { fake, FakeWebContents } from './fake-electron';
import { forwardPush } from './ipc';
import { installMenu, menuTemplate } from './menu';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  const handler = item?.click as (() => void) | undefined;
  if (!handler) throw new Error('item has no click handler');
  handler();
}

beforeEach(() => fake.reset());

describe('application menu', () => {
  it.each(['linux', 'darwin', 'win32'] as const)('has the four file shortcuts, each once (%s)', (platform) => {
    const items = flatten(menuTemplate(() => undefined, platform));
    const accelerators = items.map((i) => i.accelerator).filter(Boolean);
    for (const key of ['CmdOrCtrl+N', 'CmdOrCtrl+O', 'CmdOrCtrl+Shift+S', 'CmdOrCtrl+W']) {
      expect(accelerators.filter((a) => a === key)).toHaveLength(1);
    }
    const roles = items.map((i) => i.role).filter(Boolean);
    expect(roles).toContain('editMenu');
    // The Window menu's own Close role would fight over CmdOrCtrl+W.
    expect(roles).not.toContain('windowMenu');
    expect(roles).not.toContain('close');
    expect(roles.includes('quit') || roles.includes('appMenu')).toBe(true);
  });

  it('sends menu:command for each file item', () => {
    const sent: MenuCommand[] = [];
    const items = flatten(menuTemplate((command) => sent.push(command), 'linux'));
    for (const id of ['new', 'open', 'saveAs', 'close']) click(items.find((i) => i.id === `file.${id}`));
    expect(sent).toEqual(['new', 'open', 'saveAs', 'close']);
  });

  it('installs itself and reaches the renderer as a push event', () => {
    const hub = new PushHub();
    const contents = new FakeWebContents();
    forwardPush(hub, contents);
    installMenu((command) => hub.emit('menu:command', { command }));
    const installed = fake.appMenu as { template: MenuItemConstructorOptions[] };
    click(flatten(installed.template).find((i) => i.accelerator === 'CmdOrCtrl+O'));
    expect(contents.send).toHaveBeenCalledWith('assay:menu:command', { command: 'open' });
  });
});
