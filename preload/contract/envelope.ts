import { isErrorData, type ErrorData } from './errors';

/**
 * What an Electron invoke handler returns. Electron flattens errors thrown in
 * ipcMain.handle into "Error invoking remote method …" strings, so failures
 * travel as data inside a resolved envelope instead.
 */
export type InvokeEnvelope =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: ErrorData };

export function isInvokeEnvelope(value: unknown): value is InvokeEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v['ok'] === true) return 'result' in v;
  return v['ok'] === false && isErrorData(v['error']);
}
