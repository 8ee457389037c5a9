import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { AssayError } from '../../../preload/contract/errors';
import { CsvScanner } from './csv-scan';
import { ScanIndexWriter } from './scan-index';
import { maxLineBytes, TextChecks } from './text-checks';

/** What the scan thread is given: the file, its dialect, and the slots it shares with the import thread. */
export interface ScanSetup {
  readonly path: string;
  readonly fileName: string;
  readonly bomBytes: number;
  readonly delimiter: string;
  readonly quote: string;
  /** Bytes per read (tests read small ones, to cut records everywhere). */
  readonly readBytes: number;
  /** One buffer per slot, and one index per slot (either may be replaced by a larger one, sent with a chunk). */
  readonly bufs: readonly SharedArrayBuffer[];
  readonly indexes: readonly SharedArrayBuffer[];
  /** Int32s: FREE, SCAN, STOP (see below). */
  readonly ctrl: SharedArrayBuffer;
}

/** Slots the import thread has handed back (the scan thread waits while none is free). */
export const FREE = 0;
/** 1 while the import thread still wants records (0: it went on with CsvParser; bytes only from then on). */
export const SCAN = 1;
/** 1 once the import thread stopped reading. */
export const STOP = 2;

/**
 * One chunk in slot `slot`: bufs[slot][0…length), which starts with the `carry` bytes of the record
 * the chunk before left unfinished; its records are ints[0…ints) of indexes[slot]. `last`: the end of
 * the file (its records read to the end), with the file's SHA-256.
 */
export interface ScannedMessage {
  readonly slot: number;
  readonly length: number;
  readonly carry: number;
  readonly ints: number;
  readonly whys: readonly string[];
  readonly bytesRead: number;
  readonly last: boolean;
  readonly sha256?: string;
  readonly buf?: SharedArrayBuffer;
  readonly index?: SharedArrayBuffer;
}

export interface ScanFailure {
  readonly error: { readonly message: string; readonly code?: string; readonly detail?: string };
}

/** The file read (or opened) failed: the same refusal openText's stream gives. */
function ioError(fileName: string, err: unknown): AssayError {
  return new AssayError('IO', `Reading ${fileName} failed: ${err instanceof Error ? err.message : String(err)}`, 'Check that the file is still there and readable.');
}

/**
 * The scan thread's loop: per free slot, the unfinished record then the next bytes of the file,
 * checked (TextChecks, as openText checks them), hashed and scanned (CsvScanner), then handed on.
 * Blocks (Atomics.wait) while the import thread holds every slot.
 */
export function scanFile(setup: ScanSetup, post: (msg: ScannedMessage | ScanFailure) => void): void {
  const ctrl = new Int32Array(setup.ctrl);
  const bufs = [...setup.bufs];
  const indexes = [...setup.indexes];
  let fd = -1;
  try {
    try {
      fd = fs.openSync(setup.path, 'r');
    } catch (err) {
      throw ioError(setup.fileName, err);
    }
    const hash = createHash('sha256');
    const checks = new TextChecks(setup.fileName, 'utf-8', true, setup.bomBytes, true);
    const scanner = new CsvScanner(setup.delimiter, setup.quote, maxLineBytes);
    const index = new ScanIndexWriter();
    let carry: Buffer | null = null;
    let bytesRead = 0;
    for (let slot = 0; ; slot = (slot + 1) % bufs.length) {
      while (Atomics.load(ctrl, FREE) === 0 && Atomics.load(ctrl, STOP) === 0) Atomics.wait(ctrl, FREE, 0, 1000);
      if (Atomics.load(ctrl, STOP) === 1) return;
      Atomics.sub(ctrl, FREE, 1);
      const carried = carry?.length ?? 0;
      let grownBuf: SharedArrayBuffer | undefined;
      if (bufs[slot]!.byteLength < carried + setup.readBytes) {
        grownBuf = new SharedArrayBuffer(carried + setup.readBytes);
        bufs[slot] = grownBuf;
      }
      const bytes = Buffer.from(bufs[slot]!);
      carry?.copy(bytes, 0);
      let n: number;
      try {
        n = fs.readSync(fd, bytes, carried, setup.readBytes, null);
      } catch (err) {
        throw ioError(setup.fileName, err);
      }
      // The end of the file is a read of nothing (a read of only the byte-order mark is not).
      const last = n === 0;
      let content = 0;
      if (!last) {
        const fresh = bytes.subarray(carried, carried + n);
        hash.update(fresh);
        bytesRead += n;
        content = checks.read(fresh, false).length;
        // The byte-order mark is not content: the rest of the read moves over it.
        if (content < n) bytes.copyWithin(carried, carried + n - content, carried + n);
      } else checks.end();
      const chunk = bytes.subarray(0, carried + content);
      index.reset(new Int32Array(indexes[slot]!));
      if (Atomics.load(ctrl, SCAN) === 1) {
        if (last) scanner.pushLast(chunk, index);
        else {
          scanner.push(chunk, index);
          carry = scanner.takeRest();
        }
      } else carry = null;
      if (index.grown) indexes[slot] = index.ints.buffer as SharedArrayBuffer;
      post({
        slot,
        length: chunk.length,
        carry: carried,
        ints: index.at,
        whys: index.whys,
        bytesRead,
        last,
        ...(last ? { sha256: hash.digest('hex') } : {}),
        ...(grownBuf ? { buf: grownBuf } : {}),
        ...(index.grown ? { index: indexes[slot] } : {}),
      });
      if (last) return;
    }
  } catch (err) {
    post({ error: err instanceof AssayError ? { message: err.message, code: err.code, ...(err.detail !== undefined ? { detail: err.detail } : {}) } : { message: err instanceof Error ? err.message : String(err) } });
  } finally {
    if (fd !== -1) fs.closeSync(fd);
  }
}
