import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { openDatabase } from '../runtime/sqlite';
import Papa from 'papaparse';
import { AssayError } from '../../preload/contract/errors';
import type { ImportResult } from '../../preload/contract/types';
import { columnNames, inferType } from '../ml/infer';
import type { ImportJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';
import { flattenRecord, JsonRecordSplitter } from '../ml/json-records';
import { isGzip, sniffText } from './sniff';
import { DatasetWriter, type SourceValue } from '../ingest/writer';
import { assertAllowed, compareSchemas, mergeStaging, targetSchema } from '../ingest/incremental/append';
import { importLineage } from '../ingest/incremental/lineage';
import { PrivacyStage } from '../ingest/privacy/stage';
import { keyFingerprint } from '../ingest/privacy/transform';

/** Longest physical line accepted; longer ones mean the file is not really a table. */
export const maxLineBytes = 1 << 20;
const sampleRows = 5000;
const readChunkBytes = 1 << 20;

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function openFile(path: string, fileName: string): { size: number; mtimeMs: number; head: Buffer } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    throw new AssayError('NOT_FOUND', `${fileName} could not be found (${path}).`);
  }
  if (stat.isDirectory()) throw new AssayError('BAD_INPUT', `${fileName} is a folder; pick a CSV file.`);
  const fd = fs.openSync(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(65536, stat.size));
    fs.readSync(fd, head, 0, head.length, 0);
    return { size: stat.size, mtimeMs: stat.mtimeMs, head };
  } finally {
    fs.closeSync(fd);
  }
}

/** The first decompressed bytes of a gzip file, to sniff what it holds. */
function gunzipHead(path: string, fileName: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    const src = fs.createReadStream(path);
    const gz = zlib.createGunzip();
    const done = (): void => {
      src.destroy();
      gz.destroy();
      resolve(Buffer.concat(chunks).subarray(0, 65536));
    };
    gz.on('data', (c: Buffer) => {
      chunks.push(c);
      n += c.length;
      if (n >= 65536) done();
    });
    gz.on('end', done);
    gz.on('error', (err) => (n > 0 ? done() : reject(new AssayError('BAD_INPUT', `${fileName} is gzip-compressed but cannot be decompressed: ${err.message}.`))));
    src.pipe(gz);
  });
}

/**
 * Streams a delimited text or JSON file (plain or gzip) into the dataset's table. Memory stays bounded
 * by the chunk size; rows that cannot be stored go to quarantine with their
 * reason. On cancel or failure the host discards the dataset (see onAbandon).
 */
export async function runImport(spec: ImportJobSpec, ctx: JobContext): Promise<ImportResult> {
  const { filePath, fileName, datasetId } = spec;
  const file = openFile(filePath, fileName);
  const gzip = isGzip(file.head);
  const sniffed = sniffText(gzip ? await gunzipHead(filePath, fileName) : file.head, fileName);
  const started = Date.now();
  const db = openDatabase(spec.projectPath, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  // WAL + NORMAL cannot corrupt the file; at worst the last batches vanish on power loss, and the
  // dataset only becomes visible in the final transaction anyway.
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');

  const hash = createHash('sha256');
  const decoder = new TextDecoder(sniffed.encoding);
  let bytesRead = 0;
  let sinceNewline = 0;
  let physicalLine = 1;
  const text = new Transform({
    encoding: 'utf8',
    transform(chunk: Buffer, _enc, done) {
      const first = chunk.indexOf(10);
      if (first === -1) sinceNewline += chunk.length;
      else if (sinceNewline + first <= maxLineBytes) sinceNewline = chunk.length - chunk.lastIndexOf(10) - 1;
      else sinceNewline += first;
      // JSON may well be one long line; its splitter bounds each record instead.
      if (sinceNewline > maxLineBytes && sniffed.format === 'csv') {
        done(
          new AssayError(
            'BAD_INPUT',
            `Line ${physicalLine} of ${fileName} is longer than ${mb(maxLineBytes)}; this does not look like a table. Nothing was imported.`,
          ),
        );
        return;
      }
      for (let i = first; i !== -1; i = chunk.indexOf(10, i + 1)) physicalLine++;
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const source = fs.createReadStream(filePath, { highWaterMark: readChunkBytes });
  source.on('error', (err) => text.destroy(new AssayError('IO', `Reading ${fileName} failed: ${err.message}`)));
  // Progress and the fingerprint are of the file's own (maybe compressed) bytes.
  source.on('data', (chunk: Buffer | string) => {
    bytesRead += chunk.length;
    hash.update(chunk);
  });
  if (gzip) {
    const gunzip = zlib.createGunzip();
    gunzip.on('error', (err) =>
      text.destroy(
        new AssayError('BAD_INPUT', `${fileName} is a damaged or truncated gzip file (${err.message}, after ${mb(bytesRead)}); nothing was imported.`),
      ),
    );
    source.pipe(gunzip).pipe(text);
  } else source.pipe(text);

  let delimiter = spec.import.delimiter ?? ',';
  const privacyKey = spec.privacyKeyBase64 ? Buffer.from(spec.privacyKeyBase64, 'base64') : null;
  // Pseudonymisation runs last, after cleansing and validation stages, on the values as stored.
  const privacyStage = spec.import.privacy ? new PrivacyStage(spec.import.privacy.actions, privacyKey) : null;
  const writer = new DatasetWriter(db, datasetId, privacyStage ? [privacyStage] : []);
  // An append writes into this (hidden) staging dataset and moves the rows over at the end.
  const append = spec.import.append ?? null;
  const target = append ? targetSchema(db, append.datasetId) : null;

  const createTable = (header: string[], sample: string[][]): void => {
    const names = columnNames(header);
    // Ragged rows go to quarantine, so they must not decide the types either.
    const typed = sample.filter((r) => r.length === names.length);
    const types = names.map((_, i) => inferType(typed.map((r) => r[i] ?? '')));
    // Fail before reading the rest of the file when the header or the sample already disagree.
    if (append && target) assertAllowed(compareSchemas(target.columns, names.map((name, i) => ({ name, type: types[i] }))), append, target.name, fileName);
    writer.begin(names, types);
    if (privacyStage) for (const i of privacyStage.bind(names)) writer.setColumnType(i, 'text');
  };

  const csvRaw = (row: readonly SourceValue[]): string => Papa.unparse([row as string[]], { delimiter });
  const storeRows = (rows: string[][], quoteErrors: Set<number>, firstIndex: number): void => {
    if (!writer.started) return;
    const width = writer.columns.length;
    // Blank-looking lines are not records (papaparse's 'greedy' mode would test every row with a join).
    const blank = (r: string[]): boolean => width > 1 && r.length === 1 && r[0].trim() === '';
    const kept: string[][] = [];
    const badQuotes = new Set<number>();
    rows.forEach((r, k) => {
      if (blank(r)) return;
      if (quoteErrors.has(k + firstIndex)) badQuotes.add(kept.length);
      kept.push(r);
    });
    writer.writeBatch(kept, csvRaw, badQuotes.size === 0 ? undefined : (_, k) => (badQuotes.has(k) ? 'malformed quotes' : null));
  };

  const report = (force = false): void => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = bytesRead / Math.max(elapsed, 1e-3);
    const eta = rate > 0 ? Math.max(0, (file.size - bytesRead) / rate) : 0;
    ctx.progress(
      {
        kind: 'import',
        value: file.size > 0 ? Math.min(1, bytesRead / file.size) : 1,
        title: `Importing ${fileName}`,
        detail: `${mb(bytesRead)} of ${mb(file.size)} · ${writer.counts.rowsStored.toLocaleString('en-US')} rows · about ${Math.ceil(eta)} s left`,
        metrics: { bytes: bytesRead, rows: writer.counts.rowsStored, quarantined: writer.counts.rowsQuarantined, mbPerSecond: rate / 1e6 },
      },
      force,
    );
  };

  /** JSON records → rows by the columns of the first sampleRows records; a record with other keys is quarantined. */
  const importJson = async (input: Readable): Promise<void> => {
    const splitter = new JsonRecordSplitter(maxLineBytes);
    let pending: Record<string, string>[] = [];
    let header: string[] = [];
    const take = (json: string): void => {
      try {
        pending.push(flattenRecord(JSON.parse(json) as Parameters<typeof flattenRecord>[0]));
      } catch (err) {
        writer.reject(json, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    const flush = (final: boolean): void => {
      if (!writer.started) {
        if (pending.length < sampleRows && !final) return;
        if (pending.length === 0) return;
        const sample = pending.slice(0, sampleRows);
        const keys = new Set<string>();
        for (const r of sample) for (const k of Object.keys(r)) keys.add(k);
        header = [...keys];
        createTable(header, sample.map((r) => header.map((k) => r[k] ?? '')));
      }
      const rows: string[][] = [];
      for (const r of pending) {
        const extra = Object.keys(r).filter((k) => !header.includes(k));
        if (extra.length > 0) {
          // Stored in order with the rows before it, so record numbers stay right.
          storeRows(rows.splice(0), new Set(), 0);
          writer.reject(JSON.stringify(r), `has field(s) not in the first ${sampleRows} records: ${extra.slice(0, 5).join(', ')}`);
          continue;
        }
        rows.push(header.map((k) => r[k] ?? ''));
      }
      storeRows(rows, new Set(), 0);
      pending = [];
    };
    for await (const chunk of input as AsyncIterable<string>) {
      if (ctx.signal.aborted) return;
      try {
        splitter.push(chunk, take);
      } catch (err) {
        throw new AssayError('BAD_INPUT', `${fileName} is not JSON Assay can read: ${err instanceof Error ? err.message : String(err)}; nothing was imported.`);
      }
      flush(false);
      report();
    }
    try {
      splitter.end();
    } catch (err) {
      throw new AssayError('BAD_INPUT', `${fileName} is not JSON Assay can read: ${err instanceof Error ? err.message : String(err)}; nothing was imported.`);
    }
    flush(true);
  };

  try {
    if (sniffed.format === 'json') await importJson(text);
    else await new Promise<void>((resolve, reject) => {
      let failure: unknown = null;
      text.on('error', (err) => {
        failure ??= err;
      });
      Papa.parse<string[]>(text as unknown as File, {
        header: false,
        // 'greedy' tests every row with a join; blank-looking rows are skipped in storeRows instead.
        skipEmptyLines: true,
        ...(spec.import.delimiter ? { delimiter: spec.import.delimiter } : {}),
        chunk(results, parser) {
          try {
            if (ctx.signal.aborted || failure) {
              parser.abort();
              return;
            }
            delimiter = results.meta.delimiter || delimiter;
            let rows = results.data;
            const quoteErrors = new Set(results.errors.filter((e) => e.type === 'Quotes' && e.row !== undefined).map((e) => e.row as number));
            let firstIndex = 0;
            if (!writer.started) {
              if (rows.length === 0) return;
              createTable(rows[0], rows.slice(1, sampleRows + 1));
              rows = rows.slice(1);
              firstIndex = 1;
            }
            storeRows(rows, quoteErrors, firstIndex);
            report();
          } catch (err) {
            failure = err;
            parser.abort();
          }
        },
        complete() {
          if (failure) reject(failure);
          else resolve();
        },
        error(err) {
          reject(failure ?? new AssayError('IO', `Reading ${fileName} failed: ${err.message}`));
        },
      });
    });
    ctx.checkCancelled();
    if (!writer.started) throw new AssayError('EMPTY_FILE', `${fileName} holds no rows: there is nothing to import.`);
    assertUnchanged(filePath, fileName, file);

    const sha256 = hash.digest('hex');
    const parser = {
      encoding: sniffed.encoding,
      format: sniffed.format,
      compression: gzip ? 'gzip' : null,
      ...(sniffed.format === 'csv' ? { delimiter } : {}),
    };
    const schema = writer.columns.map((name, i) => ({ name, type: writer.columnTypes[i] }));
    const lineage = {
      // The flat fields came first; registry and older readers use them.
      fileName,
      bytes: bytesRead,
      sha256,
      ...parser,
      ...importLineage({
        filePath,
        fileName,
        bytes: bytesRead,
        sha256,
        mtimeMs: file.mtimeMs,
        parser,
        schema,
        counts: writer.counts,
        stages: writer.stageSummaries(),
        appVersion: spec.appVersion ?? 'unknown',
      }),
      ...(spec.import.privacy
        ? {
            privacy: {
              actions: spec.import.privacy.actions,
              key: privacyKey && spec.privacyKey ? { store: spec.privacyKey.store, location: spec.privacyKey.location, fingerprint: keyFingerprint(privacyKey) } : null,
            },
          }
        : {}),
    };
    if (append) {
      const outcome = mergeStaging(db, datasetId, append.datasetId, schema, append, fileName, (schemaChanges, o) => ({
        ...lineage,
        schemaChanges,
        castToNull: o.castToNull,
        columnsAdded: o.columnsAdded,
      }));
      report(true);
      const name = target?.name ?? '';
      return { datasetId: append.datasetId, name, ...writer.counts, rowsStored: outcome.rowsAppended, bytes: bytesRead, sha256 };
    }
    writer.finish(lineage);
    report(true);
    const name = (db.prepare('SELECT name FROM datasets WHERE id = ?').get(datasetId) as { name: string }).name;
    return { datasetId, name, ...writer.counts, bytes: bytesRead, sha256 };
  } finally {
    source.destroy();
    db.close();
  }
}

/** A file that changed or vanished while it was read gives no consistent snapshot. */
function assertUnchanged(path: string, fileName: string, before: { size: number; mtimeMs: number }): void {
  let after: fs.Stats;
  try {
    after = fs.statSync(path);
  } catch {
    throw new AssayError('FILE_CHANGED', `${fileName} was deleted while it was being read; nothing was imported.`);
  }
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new AssayError('FILE_CHANGED', `${fileName} changed while it was being read; nothing was imported. Import it again once it is complete.`);
  }
}
