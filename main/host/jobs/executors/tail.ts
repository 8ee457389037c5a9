import fs from 'node:fs';

/**
 * The complete lines appended to a file since `offset` (a line still being written, without its newline,
 * waits for the next read). A missing file has no lines yet.
 */
export function readNewLines(file: string, offset: number): { lines: string[]; offset: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], offset };
    throw err;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= offset) return { lines: [], offset };
    const buf = Buffer.alloc(size - offset);
    const n = fs.readSync(fd, buf, 0, buf.length, offset);
    const end = buf.subarray(0, n).lastIndexOf(0x0a);
    if (end < 0) return { lines: [], offset };
    const lines = buf.subarray(0, end).toString('utf8').split('\n').filter((l) => l !== '');
    return { lines, offset: offset + end + 1 };
  } finally {
    fs.closeSync(fd);
  }
}
