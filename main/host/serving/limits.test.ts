import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Host } from '../host';
import { tempDir } from '../testing';
import { checkServerLimits, serverLimitsFromFlags } from './limits';

const dir = tempDir('assay-limits-');

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('no error');
};

describe('model server limits: one check for the page and the CLI', () => {
  it('refuses a bad limit with the same sentence whether it came in bytes or as a flag in megabytes', () => {
    const cases = [
      ['maxBodyBytes', 'max-body-mb', 'The body limit must be a size above 0 (maxBodyBytes in bytes; --max-body-mb in megabytes, e.g. 0.5 or 10), not '],
      ['maxLogBytes', 'max-log-mb', 'The log limit must be a size above 0 (maxLogBytes in bytes; --max-log-mb in megabytes, e.g. 0.5 or 10), not '],
      ['maxConnections', 'max-connections', 'The connection limit must be a whole number above 0 (maxConnections, --max-connections), not '],
    ] as const;
    for (const [key, flag, sentence] of cases) {
      expect(messageOf(() => checkServerLimits({ [key]: 0 }))).toBe(`${sentence}0.`);
      expect(messageOf(() => checkServerLimits({ [key]: -3 }))).toBe(`${sentence}-3.`);
      for (const raw of ['0', '-1', 'abc', '', ' ', '1e400', 'Infinity']) {
        expect(messageOf(() => serverLimitsFromFlags({ [flag]: raw }))).toBe(`${sentence}${JSON.stringify(raw)}.`);
      }
    }
    expect(messageOf(() => serverLimitsFromFlags({ 'max-connections': '2.5' }))).toMatch(/^The connection limit must be a whole number above 0/);
    expect(messageOf(() => checkServerLimits({ maxConnections: 2.5 }))).toMatch(/^The connection limit must be a whole number above 0/);
  });

  it('turns megabytes into whole bytes and keeps absent limits absent (the server\'s defaults)', () => {
    expect(serverLimitsFromFlags({ 'max-body-mb': '0.5', 'max-log-mb': '2', 'max-connections': '8' })).toEqual({ allowedOrigins: [], maxBodyBytes: 524_288, maxLogBytes: 2 * 1024 * 1024, maxConnections: 8 });
    // A tiny fraction of a megabyte is still at least one byte, never a limit of 0.
    expect(serverLimitsFromFlags({ 'max-body-mb': '1e-9' }).maxBodyBytes).toBe(1);
    expect(serverLimitsFromFlags({})).toEqual({ allowedOrigins: [] });
    expect(checkServerLimits({ maxBodyBytes: 1000 })).toEqual({ allowedOrigins: [], maxBodyBytes: 1000 });
  });

  it('checks allowed origins the same way for both', () => {
    const sentence = '"https://app.example/" is not an origin: write https://app.example, without a path or a trailing slash.';
    expect(messageOf(() => checkServerLimits({ allowedOrigins: ['https://app.example/'] }))).toBe(sentence);
    expect(messageOf(() => serverLimitsFromFlags({ 'allow-origin': ['https://app.example/'] }))).toBe(sentence);
    expect(serverLimitsFromFlags({ 'allow-origin': ['https://app.example'] }).allowedOrigins).toEqual(['https://app.example']);
  });

  it('the service refuses a bad limit before it loads anything', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    try {
      host.newProject(path.join(dir, 'p.assay'));
      // 'nowhere' does not exist: the limit is refused first.
      await expect(host.serving.start({ model: 'nowhere', maxConnections: 0 })).rejects.toThrow(
        'The connection limit must be a whole number above 0 (maxConnections, --max-connections), not 0.',
      );
    } finally {
      await host.close();
    }
  });
});
