/**
 * The application menu. File commands are not run here: they go to the
 * renderer as a 'menu:command' push, so a menu click and a toolbar button run
 * the same code (and the renderer can ask about unsaved state first).
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../preload/contract/types';

export type SendMenuCommand = (command: MenuCommand) => void;

export const menuAccelerators: Readonly<Record<MenuCommand, string>> = {
  new: 'CmdOrCtrl+N',
  open: 'CmdOrCtrl+O',
  saveAs: 'CmdOrCtrl+Shift+S',
  close: 'CmdOrCtrl+W',
};

export function menuTemplate(send: SendMenuCommand, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const command = (id: MenuCommand, label: string): MenuItemConstructorOptions => ({
    id: `file.${id}`,
    label,
    accelerator: menuAccelerators[id],
    click: () => send(id),
  });
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('new', 'New Project…'),
      command('open', 'Open Project…'),
      { type: 'separator' },
      command('saveAs', 'Save Project As…'),
      { type: 'separator' },
      command('close', 'Close Project'),
      // On macOS Quit lives in the app menu.
      ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit', accelerator: 'CmdOrCtrl+Q' } as const]),
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    file,
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      // Not the windowMenu role: its Close item would also claim CmdOrCtrl+W.
      label: '&Window',
      submenu: [{ role: 'minimize' }, ...(isMac ? ([{ role: 'zoom' }, { type: 'separator' }, { role: 'front' }] as const) : [])],
    },
  ];
  return isMac ? [{ role: 'appMenu' }, ...template] : template;
}

export function installMenu(send: SendMenuCommand): Menu {
  const menu = Menu.buildFromTemplate(menuTemplate(send));
  Menu.setApplicationMenu(menu);
  return menu;
}
