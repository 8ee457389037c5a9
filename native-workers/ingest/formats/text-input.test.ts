import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../main/host/testing';
import { openText } from './text-input';
import type { Detected } from './detect';

const utf8: Detected = { format: 'csv', encoding: 'utf-8', encodingBy: 'utf-8-valid', bomBytes: 0 };

async function readAll(file: string): Promise<string> {
  const input = openText(file, path.basename(file), false, utf8, true);
  let text = '';
  try {
    for await (const chunk of input.text) text += chunk as string;
  } finally {
    input.destroy();
  }
  return text;
}

const mb = 1 << 20;

describe('openText: ASCII chunks copied as Latin-1, the rest decoded as UTF-8', () => {
  it('reads the same text when a character is split across the 1 MiB read boundary and ASCII chunks follow it', async () => {
    const dir = tempDir();
    // Chunk 1: ASCII then the first byte of "é"; chunk 2: its second byte then ASCII; chunks 3–4: ASCII only.
    const line = 'id,name,score\n';
    const head = 'a'.repeat(mb - 1 - line.length);
    const text = `${line}${head}é${'b,c,1\n'.repeat(Math.ceil((2.5 * mb) / 6))}ü,ÿ,✓\n`;
    const file = path.join(dir, 'split.csv');
    fs.writeFileSync(file, text, 'utf8');
    expect(Buffer.from(text, 'utf8')[mb - 1]).toBe(0xc3);
    expect(await readAll(file)).toBe(text);
  });

  it('still refuses bytes that are not UTF-8 in a later chunk, with their offset', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'mixed.csv');
    const ascii = Buffer.from('x,y\n'.repeat(mb / 2), 'latin1');
    fs.writeFileSync(file, Buffer.concat([ascii, Buffer.from([0x41, 0xe9, 0x2c, 0x0a]), ascii]));
    await expect(readAll(file)).rejects.toThrow(/mixes encodings: it reads as UTF-8 until byte 2,097,153/);
  });

  it('does not copy an ASCII chunk that follows a character left unfinished: the file mixes encodings there', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cut.csv');
    const ascii = Buffer.from('x,y\n'.repeat(mb / 4), 'latin1');
    fs.writeFileSync(file, Buffer.concat([ascii.subarray(0, mb - 1), Buffer.from([0xc3]), ascii]));
    await expect(readAll(file)).rejects.toThrow(/mixes encodings: it reads as UTF-8 until byte 1,048,576/);
  });
});
