import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStamps, staleReason, stampFor, writeStamps } from '../../build-stamp.mjs';
import { tempDir } from './testing';

describe('build stamp (what npm start may skip building)', () => {
  it('a target is fresh while its inputs are as built and its outputs exist; any change, a new build file or a lost output makes it stale', () => {
    const root = tempDir('assay-stamp-');
    const write = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write('src/a.ts', 'export const a = 1;');
    write('dist/a.js', 'built');
    const stampFile = path.join(root, 'dist', '.build-stamp.json');
    writeStamps(stampFile, { node: stampFor(root, ['src/a.ts', '<define:x>'], ['dist/a.js']) });
    const stamps = readStamps(stampFile);
    expect(staleReason(root, stamps['node'])).toBeNull();
    expect(staleReason(root, stamps['renderer'])).toBe('never built');

    write('src/a.ts', 'export const a = 22;');
    expect(staleReason(root, stamps['node'])).toBe('src/a.ts changed');

    writeStamps(stampFile, { node: stampFor(root, ['src/a.ts'], ['dist/a.js']) });
    fs.rmSync(path.join(root, 'dist', 'a.js'));
    expect(staleReason(root, readStamps(stampFile)['node'])).toBe('dist/a.js is missing');

    // The build script itself counts as an input of every target.
    write('dist/a.js', 'built');
    write('build.mjs', '// v1');
    writeStamps(stampFile, { node: stampFor(root, ['src/a.ts'], ['dist/a.js']) });
    write('build.mjs', '// v2, longer');
    expect(staleReason(root, readStamps(stampFile)['node'])).toBe('build.mjs changed');
    expect(readStamps(path.join(root, 'nothing.json'))).toEqual({});
  });
});
