import fs from 'node:fs';
import { AssayError } from '../../../preload/contract/errors';

/** What a path that is not a regular file is, in words; null for a regular file. */
export function notRegular(st: fs.Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function refusal(fileName: string, what: string): AssayError {
  return what === 'a folder'
    ? new AssayError('BAD_INPUT', `${fileName} is a folder; pick a file (or drop the folder to import each file in it).`)
    : new AssayError(
        'BAD_INPUT',
        `${fileName} is ${what}, not a regular file: Assay reads only regular files (reading this could wait forever). Nothing was imported.`,
        'Save the data to a file and import that file.',
      );
}

/**
 * Refuses, before anything opens it, a path that is not a regular file: opening a FIFO blocks
 * until a writer appears, and a device never ends. stat never blocks, and the async form keeps
 * the host's event loop free on a slow disk.
 */
export async function checkRegularFile(path: string, fileName: string): Promise<fs.Stats> {
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(path);
  } catch {
    throw new AssayError('NOT_FOUND', `${fileName} could not be found (${path}).`, 'Check that the file still exists, then import it again.');
  }
  const what = notRegular(st);
  if (what) throw refusal(fileName, what);
  return st;
}

/**
 * Opens a checked path without ever blocking (O_NONBLOCK: the path may have been swapped for a
 * FIFO since the check) and checks the opened file again.
 */
export async function openRegularFile(path: string, fileName: string): Promise<{ handle: fs.promises.FileHandle; stat: fs.Stats }> {
  await checkRegularFile(path, fileName);
  const handle = await fs.promises.open(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    const what = notRegular(stat);
    if (what) throw refusal(fileName, what);
    return { handle, stat };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
