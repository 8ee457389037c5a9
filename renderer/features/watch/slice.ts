import { create } from 'zustand';
import type { WatchedFolder } from '../../../preload/contract/watch';
import { client } from '../../lib/client';
import { reportError } from '../toasts';

export interface WatchState {
  readonly folders: readonly WatchedFolder[];
}

export const emptyWatch: WatchState = { folders: [] };

export const useWatchStore = create<WatchState>()(() => emptyWatch);

export function setWatchFolders(folders: readonly WatchedFolder[]): void {
  useWatchStore.setState({ folders });
}

export function resetWatch(): void {
  useWatchStore.setState(emptyWatch);
}

export async function loadWatch(): Promise<void> {
  try {
    setWatchFolders(await client().invoke('watch:list', null));
  } catch (err) {
    reportError(err);
  }
}

/** Starts watching a folder (or resumes one the project already knows). */
export async function addWatch(path: string): Promise<boolean> {
  try {
    await client().invoke('watch:add', { path });
    return true;
  } catch (err) {
    reportError(err);
    return false;
  }
}

export async function removeWatch(folderId: number): Promise<void> {
  try {
    await client().invoke('watch:remove', { folderId });
  } catch (err) {
    reportError(err);
  }
}

export const useWatchFolders = (): readonly WatchedFolder[] => useWatchStore((s) => s.folders);
