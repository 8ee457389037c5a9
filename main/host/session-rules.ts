import fs from 'node:fs';
import { invokeChannels, type InvokeChannel } from '../../preload/contract/channels';
import { AssayError } from '../../preload/contract/errors';
import { pathsIn, type PathField } from './channel-paths';
import type { FileRoots } from '../../native-workers/host-api';
import { resolveProjectPath } from './paths';

/**
 * Rules of a whole session, set by whoever started it (`assay serve
 * --read-only`, `--root`) and not by its requests: no channel can lift them.
 */
export interface SessionRules {
  /** Nothing is written: not the project, not a new one, not a copy, not an export. */
  readonly readOnly?: boolean;
  /** Every path a request names must lie in these folders. */
  readonly roots?: FileRoots | null;
}

/** Channels that write files outside the open project, so no writing flag covers them. */
// compute:set writes the user's settings and names programs the host runs (sbatch's folder, a node command).
const writesFiles: ReadonlySet<InvokeChannel> = new Set(['project:new', 'project:saveAs', 'images:export', 'compute:set']);

const readOnlyMessage = 'This Assay server was started with --read-only, so nothing can be changed or created. Restart `assay serve` without --read-only to edit.';

function isCharDevice(p: string): boolean {
  try {
    return fs.statSync(p).isCharacterDevice();
  } catch {
    return false;
  }
}

/**
 * Every path against the session's folders (nothing without --root): the paths
 * a request names, and those a request only points at (a saved connection, a
 * stored stream's source), which obey the same folders.
 */
export function checkPaths(rules: SessionRules, fields: readonly PathField[]): void {
  if (!rules.roots) return;
  for (const { field, value, kind } of fields) {
    if (typeof value !== 'string') throw new AssayError('BAD_INPUT', `${field}: expected a path as text.`);
    // A serial port is a device (/dev/ttyUSB0), not a file: it cannot be read as data.
    if (kind === 'serial' && isCharDevice(value)) continue;
    rules.roots.check(kind === 'project' ? resolveProjectPath(value) : value, field);
  }
}

/**
 * Checks one request against the session's rules: throws READ_ONLY or
 * FORBIDDEN, or returns the payload to hand on (a project opened under
 * --read-only is opened read-only whatever the request asked).
 */
export function applySessionRules(rules: SessionRules, channel: InvokeChannel, payload: unknown): unknown {
  if (rules.readOnly && (invokeChannels[channel].writes || writesFiles.has(channel))) {
    throw new AssayError('READ_ONLY', readOnlyMessage);
  }
  checkPaths(rules, pathsIn(channel, payload));
  if (rules.readOnly && channel === 'project:open' && typeof payload === 'object' && payload !== null) {
    return { ...payload, readOnly: true };
  }
  return payload;
}
