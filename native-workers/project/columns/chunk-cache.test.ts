import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../main/host/testing';
import type { Cell } from '../../../preload/contract/types';
import { readRows } from '../datasets';
import { ProjectStore } from '../store';
import { chunkRows } from './chunk-codec';
import { isCached } from './chunk-cache';
import { chunkLocator } from './chunk-store';
import { chunkRowRange } from './read';
import { columnDataset } from './testing';

const width = 3;
const row = (i: number): Cell[] => [i, i % 5 === 0 ? null : i * 0.5, `t${i % 7}`];
/** Turns of the event loop enough for the warm-up (one chunk per turn). */
const idle = async (turns: number): Promise<void> => {
  for (let k = 0; k < turns; k++) await new Promise((resolve) => setImmediate(resolve));
};

describe("the grid's band warm-up", () => {
  const store = (): { s: ProjectStore; id: number; ids: (chunk: number) => number[] } => {
    const s = ProjectStore.create(path.join(tempDir(), 'warm.assay'));
    const id = columnDataset(s.db, 'four-bands', ['a', 'b', 'c'].map((name) => ({ name, type: name === 'c' ? ('text' as const) : ('number' as const) })), 3 * chunkRows + 100, row);
    const locate = chunkLocator(s.db);
    return { s, id, ids: (chunk) => [0, 1, 2].map((j) => locate.id(id, j, chunk)!) };
  };

  it('loads the band beside a cold page while idle: after it from the band middle on, before it otherwise; none for a warm page', async () => {
    const { s, id, ids } = store();
    // Late in band 1: band 2 is warmed, band 0 is not.
    const page = readRows(s.db, id, 2 * chunkRows - 300, 256);
    expect(page.rows[0]).toEqual(row(2 * chunkRows - 300));
    expect(ids(2).some((c) => isCached(s.db, c))).toBe(false);
    await idle(width + 2);
    expect(ids(2).every((c) => isCached(s.db, c))).toBe(true);
    expect(ids(0).some((c) => isCached(s.db, c))).toBe(false);
    // Band 2's first page is then read from the cache, and, being warm, warms nothing more.
    expect(readRows(s.db, id, 2 * chunkRows + 10, 256).rows[255]).toEqual(row(2 * chunkRows + 265));
    await idle(width + 2);
    expect(ids(3).some((c) => isCached(s.db, c))).toBe(false);
    const file = s.path;
    const [band1, band3] = [ids(1), ids(3)];
    s.close();
    // Early in a band, on a fresh connection (an empty cache): the band before it is warmed.
    const again = ProjectStore.open(file);
    chunkRowRange(again.db, id, width, 2 * chunkRows + 5, 10, true);
    await idle(width + 2);
    expect(band1.every((c) => isCached(again.db, c))).toBe(true);
    expect(band3.some((c) => isCached(again.db, c))).toBe(false);
    again.close();
  });

  it('stops when the connection closes, and other readers (export, append) warm nothing', async () => {
    const { s, id, ids } = store();
    chunkRowRange(s.db, id, width, chunkRows - 10, 5);
    await idle(width + 2);
    expect(ids(1).some((c) => isCached(s.db, c))).toBe(false);
    readRows(s.db, id, chunkRows - 10, 5);
    s.close();
    await idle(width + 2);
  });
});
