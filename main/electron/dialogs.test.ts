import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPickPath, dialogPlan } from './dialogs';
import { electronModule, fake, FakeBrowserWindow } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => {
  fake.reset();
  electronModule.dialog.showOpenDialog.mockClear();
  electronModule.dialog.showSaveDialog.mockClear();
});

describe('native dialogs', () => {
  it('uses save dialogs for new / save-as and open dialogs otherwise, with the right filters', () => {
    expect(dialogPlan('newProject', '/p')).toMatchObject({ kind: 'save', options: { defaultPath: '/p', filters: [{ extensions: ['assay'] }] } });
    expect(dialogPlan('saveProjectAs', '/p')).toMatchObject({ kind: 'save', options: { filters: [{ extensions: ['assay'] }] } });
    expect(dialogPlan('openProject', '/p')).toMatchObject({ kind: 'open', options: { filters: [{ extensions: ['assay'] }], properties: ['openFile'] } });
    expect(dialogPlan('importData')).toMatchObject({ kind: 'open', options: { filters: [{ extensions: ['csv', 'tsv', 'txt'] }, { extensions: ['*'] }] } });
  });

  it('returns the picked path, modal to the window when there is one', async () => {
    const win = new FakeBrowserWindow({});
    const pick = createPickPath(() => win as never);
    await expect(pick('importData')).resolves.toBe('/tmp/data.csv');
    expect(electronModule.dialog.showOpenDialog.mock.calls[0]?.[0]).toBe(win);
    await expect(createPickPath(() => null)('newProject')).resolves.toBe('/tmp/picked.assay');
    expect(electronModule.dialog.showSaveDialog.mock.calls[0]?.[0]).toMatchObject({ title: 'New project' });
  });

  it('returns null when the user cancels', async () => {
    electronModule.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(createPickPath(() => null)('openProject')).resolves.toBeNull();
    electronModule.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    await expect(createPickPath(() => null)('saveProjectAs')).resolves.toBeNull();
  });
});
