import { describe, expect, it } from 'vitest';
import { filesOfDrop } from './folder-drop';

/** A minimal stand-in for the browser's FileSystemEntry tree, with readEntries paging like Chromium's. */
function fileEntry(name: string, text: string): FileSystemFileEntry {
  return { name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => ok(new File([text], name)) } as unknown as FileSystemFileEntry;
}
function dirEntry(name: string, children: FileSystemEntry[]): FileSystemDirectoryEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let served = false;
      return {
        readEntries: (ok: (e: FileSystemEntry[]) => void) => {
          // Two pages, then an empty one: the walker must keep asking.
          const page = served ? [] : children;
          served = true;
          ok(page);
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}
function drop(entries: FileSystemEntry[]): DataTransfer {
  return {
    items: entries.map((e) => ({ kind: 'file', webkitGetAsEntry: () => e })),
    files: [],
  } as unknown as DataTransfer;
}

describe('filesOfDrop', () => {
  it('walks a dropped folder and its subfolders, skipping hidden files, keeping the folder path in the name', async () => {
    const tree = dirEntry('exports', [fileEntry('b.csv', 'x\n1\n'), fileEntry('.DS_Store', ''), dirEntry('2024', [fileEntry('a.json', '[]')]), fileEntry('a.csv', 'y\n2\n')]);
    const files = await filesOfDrop(drop([tree]));
    expect(files.map((f) => f.name)).toEqual(['exports/2024/a.json', 'exports/a.csv', 'exports/b.csv']);
    expect(await files[1].text()).toBe('y\n2\n');
  });
});
