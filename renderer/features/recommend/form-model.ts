/** The train form's text fields as the recs:start request takes them (pure, tested). */
import type { RecsHoldout } from '../../../preload/contract/recs';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** "factors=32, alpha=20" → {factors: 32, alpha: 20}; '' → {}. The job refuses names the model does not take. */
export function parseParams(text: string): Parsed<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const m = /^([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(part);
    if (!m) return { ok: false, error: `"${part}" is not NAME=VALUE (e.g. factors=32).` };
    const v = Number(m[2]);
    if (!Number.isFinite(v)) return { ok: false, error: `${m[1]} must be a number, not "${m[2]}".` };
    out[m[1]!] = v;
  }
  return { ok: true, value: out };
}

/** The holdout picker: the default (last 1 with a time column, else random 20 %), last N by time, a random fraction, or none. */
export type HoldoutChoice = 'default' | 'last' | 'random' | 'none';

export function holdoutOf(choice: HoldoutChoice, amount: number, hasTime: boolean): Parsed<RecsHoldout | undefined> {
  switch (choice) {
    case 'default':
      return { ok: true, value: undefined };
    case 'none':
      return { ok: true, value: { kind: 'none' } };
    case 'last':
      if (!hasTime) return { ok: false, error: 'Holding out the last interactions needs a time column: pick one, or hold out at random.' };
      if (!(Number.isInteger(amount) && amount >= 1)) return { ok: false, error: `Hold out a whole number of interactions per user (1 or more), not ${amount}.` };
      return { ok: true, value: { kind: 'last', n: amount } };
    case 'random':
      if (!(amount > 0 && amount < 1)) return { ok: false, error: `Hold out a fraction between 0 and 1 (e.g. 0.2), not ${amount}.` };
      return { ok: true, value: { kind: 'random', fraction: amount } };
  }
}
