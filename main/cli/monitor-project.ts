import path from 'node:path';
import { AssayError } from '../../preload/contract/errors';
import type { Db } from '../../native-workers/project/open';
import { resolveVersion } from '../../native-workers/project/registry';
import { cliHost } from './common';

/**
 * Opens the project for a monitoring command and checks the model is registered
 * (a typo is an error naming it, not an empty result). `write`: the command stores
 * something, so a read-only project is refused as the app refuses it.
 */
export async function withModelProject<T>(file: string, model: string, write: boolean, body: (db: Db) => Promise<T> | T): Promise<T> {
  const host = cliHost();
  try {
    host.openProject(path.resolve(file), !write);
    const store = host.currentProject!;
    if (write && store.readOnly) throw new AssayError('READ_ONLY', `${file} is open read-only (another program writes to it); close it there and run this again.`);
    if (model.includes('@')) throw new AssayError('BAD_INPUT', `--model takes a model's name (monitoring covers all its versions), not ${model}.`);
    resolveVersion(store.db, model);
    return await body(store.db);
  } finally {
    await host.close();
  }
}

/** Prints JSON or text. */
export function print(json: boolean | undefined, data: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${text}\n`);
}
