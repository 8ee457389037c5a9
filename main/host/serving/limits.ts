import { AssayError } from '../../../preload/contract/errors';
import type { ServeStartRequest } from '../../../preload/contract/serving';
import { checkOrigin } from '../../../native-workers/host-api';

/**
 * A model server's limits, checked once for both of its callers: `serve:start` (the page, in
 * bytes) and `assay serve-model` (flags, in megabytes). A bad value is refused before anything
 * loads, with the same sentence either way.
 */
export type ServerLimits = Pick<ServeStartRequest, 'allowedOrigins' | 'maxBodyBytes' | 'maxLogBytes' | 'maxConnections'>;

type LimitKey = 'maxBodyBytes' | 'maxLogBytes' | 'maxConnections';

const limitSpecs: Record<LimitKey, { readonly what: string; readonly flag: string; readonly size: boolean }> = {
  maxBodyBytes: { what: 'The body limit', flag: '--max-body-mb', size: true },
  maxLogBytes: { what: 'The log limit', flag: '--max-log-mb', size: true },
  maxConnections: { what: 'The connection limit', flag: '--max-connections', size: false },
};

const bytesPerMb = 1024 * 1024;

function limitError(key: LimitKey, given: string): AssayError {
  const { what, flag, size } = limitSpecs[key];
  const rule = size ? `a size above 0 (${key} in bytes; ${flag} in megabytes, e.g. 0.5 or 10)` : `a whole number above 0 (${key}, ${flag})`;
  return new AssayError('BAD_INPUT', `${what} must be ${rule}, not ${given}.`);
}

/** One limit in its base unit (bytes, connections); `perUnit` turns the caller's unit into it. */
function checkLimit(key: LimitKey, value: number, perUnit: number, given: string): number {
  const ok = limitSpecs[key].size ? Number.isFinite(value) && value > 0 : Number.isInteger(value) && value > 0;
  if (!ok) throw limitError(key, given);
  // Megabytes may be fractional; what the server counts is whole bytes, at least one.
  return Math.ceil(value * perUnit);
}

/** The limits of a `serve:start`, checked (origins as the browser sends them); absent ones stay absent (defaults). */
export function checkServerLimits(req: ServerLimits): ServerLimits & { readonly allowedOrigins: readonly string[] } {
  let allowedOrigins: readonly string[] = [];
  try {
    allowedOrigins = (req.allowedOrigins ?? []).map(checkOrigin);
  } catch (err) {
    throw new AssayError('BAD_INPUT', err instanceof Error ? err.message : String(err));
  }
  const limits: { -readonly [K in LimitKey]?: number } = {};
  for (const key of Object.keys(limitSpecs) as LimitKey[]) {
    const v = req[key];
    if (v !== undefined) limits[key] = checkLimit(key, v, 1, String(v));
  }
  return { allowedOrigins, ...limits };
}

/** `assay serve-model`'s flags as a `serve:start`'s limits: megabytes into bytes, then the same checks. */
export function serverLimitsFromFlags(flags: { readonly 'max-body-mb'?: string; readonly 'max-log-mb'?: string; readonly 'max-connections'?: string; readonly 'allow-origin'?: readonly string[] }): ServerLimits {
  const limits: { -readonly [K in LimitKey]?: number } = {};
  for (const key of Object.keys(limitSpecs) as LimitKey[]) {
    const { flag, size } = limitSpecs[key];
    const raw = flags[flag.slice(2) as 'max-body-mb' | 'max-log-mb' | 'max-connections'];
    // Number('') is 0: an empty flag is no number, not a zero.
    if (raw !== undefined) limits[key] = checkLimit(key, /^\s*$/.test(raw) ? NaN : Number(raw), size ? bytesPerMb : 1, JSON.stringify(raw));
  }
  return checkServerLimits({ ...limits, ...(flags['allow-origin'] ? { allowedOrigins: flags['allow-origin'] } : {}) });
}
