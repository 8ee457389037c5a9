import { describe, expect, it } from 'vitest';
import { inPool, labelledImages } from './dropped-folder';

const file = (name: string): File => new File(['x'], name);

describe('a folder dropped in the Images area', () => {
  it('labels each image by its class folder and skips what a folder import would not read', () => {
    const r = labelledImages([file('digits/0/a.png'), file('digits/1/b.JPG'), file('digits/1/deep/c.webp'), file('digits/notes.txt'), file('digits/top.png'), file('loose.png')]);
    expect(r.root).toBe('digits');
    expect(r.items.map((i) => [i.file.name, i.label])).toEqual([
      ['digits/0/a.png', '0'],
      ['digits/1/b.JPG', '1'],
      ['digits/1/deep/c.webp', '1'],
    ]);
    expect(r.skipped).toBe(3);
  });

  it('runs at most `limit` tasks at once and keeps the results in order', async () => {
    let running = 0;
    let most = 0;
    const out = await inPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5 * (8 - n)));
      running--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });
});
