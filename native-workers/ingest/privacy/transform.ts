import { createHmac } from 'node:crypto';
import type { Cell } from '../../../preload/contract/types';

/** Hex characters kept of each HMAC: 128 bits, far beyond any collision a dataset could meet. */
export const pseudonymHexChars = 32;

/**
 * A pseudonym: HMAC-SHA256 of the value's text under the key. The same key gives the same
 * pseudonym in every dataset and import (so pseudonymised columns still join); without the
 * key it can be neither reversed nor recomputed from a guess. Missing values stay missing.
 */
export function pseudonymise(key: Buffer, value: Cell): string | null {
  if (value === null) return null;
  return createHmac('sha256', key).update(String(value), 'utf8').digest('hex').slice(0, pseudonymHexChars);
}

/** Keeps the last `keepLast` characters, hides the rest behind '*'. */
export function mask(value: Cell, keepLast = 4): string | null {
  if (value === null) return null;
  const s = String(value);
  const keep = Math.max(0, Math.min(keepLast, s.length));
  return '*'.repeat(s.length - keep) + s.slice(s.length - keep);
}

/** Tells keys apart in lineage without revealing anything about them. */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('assay key fingerprint', 'utf8').digest('hex').slice(0, 16);
}
