/**
 * pg, loaded without its Cloudflare probe. On load, pg's lib/stream.js asks whether it runs in a
 * Cloudflare Worker: where `navigator.userAgent` is missing (Node 20; Node 21 sets it) it builds a
 * `Response`, and the first touch of `Response` loads Node's undici, ~50 ms of CPU in every worker
 * that opens PostgreSQL (`--cpu-prof` of a pg import, docs/figures.md). A navigator with Node's user
 * agent, there only while pg loads, gives pg Node 21's answer.
 */
import type pgModule from 'pg';

type Pg = typeof pgModule;
let loaded: Pg | null = null;

export function loadPg(): Pg {
  if (loaded) return loaded;
  const g = globalThis as { navigator?: unknown };
  const own = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  if (own === undefined) Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true, writable: true });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('pg') as Pg;
  } finally {
    if (own === undefined) delete g.navigator;
  }
  return loaded;
}
