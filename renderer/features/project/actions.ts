import type { DialogPurpose, ProjectInfo } from '../../../preload/contract';
import { client, getTransport } from '../../lib/client';
import { reportError } from '../toasts';
import { setAppInfo, setDialog, setProject, setRecent, useProjectStore } from './slice';

export async function loadAppInfo(): Promise<void> {
  setAppInfo(await client().invoke('app:info', null));
}

export async function loadRecent(): Promise<void> {
  setRecent(await client().invoke('project:recent', null));
}

/** Each returns whether it worked, so a form can keep its input on failure. */
async function attempt(work: () => Promise<void>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (err) {
    reportError(err);
    return false;
  }
}

/**
 * Switches to the project `open` answers with, then closes the dialog the action came from.
 * Only that one: the host pushes `project:changed` before it answers, so the user may already
 * have opened another dialog (Ctrl+Shift+S right after New), which must stay up.
 */
function switchProject(open: () => Promise<ProjectInfo>): Promise<boolean> {
  const from = useProjectStore.getState().dialog;
  return attempt(async () => {
    setProject(await open());
    if (from !== null && useProjectStore.getState().dialog === from) setDialog(null);
  });
}

export function newProject(nameOrPath: string): Promise<boolean> {
  return switchProject(() => client().invoke('project:new', { path: nameOrPath }));
}

export function openProject(path: string, readOnly: boolean): Promise<boolean> {
  return switchProject(() => client().invoke('project:open', { path, readOnly }));
}

export function saveProjectAs(path: string): Promise<boolean> {
  return switchProject(() => client().invoke('project:saveAs', { path }));
}

export function closeProject(): Promise<boolean> {
  return attempt(async () => {
    await client().invoke('project:close', null);
    setProject(null);
    await loadRecent();
  });
}

export const isElectron = (): boolean => getTransport().kind === 'electron';

/** Native dialog (Electron only); null when the user cancelled. */
export async function pickPath(purpose: DialogPurpose): Promise<string | null> {
  try {
    return (await client().invoke('dialog:pick', { purpose })).path;
  } catch (err) {
    reportError(err);
    return null;
  }
}

/** Shortcuts and the Electron menu land here: native dialogs in Electron, the app's own elsewhere. */
export async function runCommand(command: 'new' | 'open' | 'saveAs' | 'close'): Promise<void> {
  const hasProject = useProjectStore.getState().project !== null;
  if (command === 'close') {
    if (hasProject) await closeProject();
    return;
  }
  if (command === 'saveAs' && !hasProject) return;
  if (isElectron()) {
    const purpose: DialogPurpose = command === 'new' ? 'newProject' : command === 'open' ? 'openProject' : 'saveProjectAs';
    const path = await pickPath(purpose);
    if (!path) return;
    if (command === 'new') await newProject(path);
    else if (command === 'open') await openProject(path, false);
    else await saveProjectAs(path);
    return;
  }
  setDialog(command);
}
