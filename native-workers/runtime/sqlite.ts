import Database from 'better-sqlite3';

/**
 * Opens SQLite through better-sqlite3. Under Electron the addon must be built
 * for Electron's ABI while the CLI needs Node's, so Electron's entry sets
 * ASSAY_SQLITE_BINDING to a separate Electron build (see main/start.ts); every
 * process it starts (workers included) inherits it.
 */
export function openDatabase(file: string, options: { readonly?: boolean; fileMustExist?: boolean } = {}): Database.Database {
  const nativeBinding = process.env['ASSAY_SQLITE_BINDING'];
  return new Database(file, nativeBinding ? { ...options, nativeBinding } : options);
}

export type { Database };
