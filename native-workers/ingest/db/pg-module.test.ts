import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';

const req = createRequire(import.meta.url);
const pgFiles = (): string[] => Object.keys(req.cache).filter((k) => k.includes('/node_modules/pg/'));

describe('loadPg', () => {
  const response = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  afterEach(() => {
    if (response) Object.defineProperty(globalThis, 'Response', response);
  });

  it('loads pg without touching Response (undici) and leaves no navigator behind', async () => {
    // A fresh pg: its stream.js probes the runtime when it is evaluated.
    for (const k of pgFiles()) delete req.cache[k];
    let touched = 0;
    Object.defineProperty(globalThis, 'Response', {
      configurable: true,
      get: () => {
        touched++;
        return response?.get?.call(globalThis) ?? response?.value;
      },
    });
    const { loadPg } = await import('./pg-module');
    const pg = loadPg();
    expect(typeof pg.Client).toBe('function');
    expect(pgFiles().some((k) => k.endsWith('lib/stream.js'))).toBe(true);
    expect(touched).toBe(0);
    expect(Object.getOwnPropertyDescriptor(globalThis, 'navigator')).toBeUndefined();
    expect(loadPg()).toBe(pg);
  });
});
