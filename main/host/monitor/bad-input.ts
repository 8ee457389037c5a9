import { AssayError } from '../../../preload/contract/errors';

/** A checker's RangeError (a rule it cannot read, a bad window, an unknown retrain) as the client's mistake, with its words. */
export function badInput<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError) throw new AssayError('BAD_INPUT', err.message);
    throw err;
  }
}
