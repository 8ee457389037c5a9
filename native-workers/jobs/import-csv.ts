import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import type Database from 'better-sqlite3';
import { openDatabase } from '../runtime/sqlite';
import Papa from 'papaparse';
import { AssayError } from '../../preload/contract/errors';
import type { Cell, ColumnType, ImportResult } from '../../preload/contract/types';
import { columnNames, convert, inferType, widen } from '../ml/infer';
import type { ImportJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';
import { sniffText } from './sniff';

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

/**
 * Streams a delimited text file into the dataset's table. Memory stays bounded
 * by the chunk size; rows that cannot be stored go to quarantine with their
 * reason. On cancel or failure the host discards the dataset (see onAbandon).
 */
export async function runImport(spec: ImportJobSpec, ctx: JobContext): Promise<ImportResult> {
  const { filePath, fileName, datasetId } = spec;
  const file = openFile(filePath, fileName);
  const sniffed = sniffText(file.head, fileName);
  const started = Date.now();
  const db = openDatabase(spec.projectPath, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  // WAL + NORMAL cannot corrupt the file; at worst the last batches vanish on power loss, and the
  // dataset only becomes visible in the final transaction anyway.
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  const tableName = `ds_${datasetId}`;

  const hash = createHash('sha256');
  const decoder = new TextDecoder(sniffed.encoding);
  let bytesRead = 0;
  let sinceNewline = 0;
  let physicalLine = 1;
  const text = new Transform({
    encoding: 'utf8',
    transform(chunk: Buffer, _enc, done) {
      bytesRead += chunk.length;
      hash.update(chunk);
      const first = chunk.indexOf(10);
      if (first === -1) sinceNewline += chunk.length;
      else if (sinceNewline + first <= maxLineBytes) sinceNewline = chunk.length - chunk.lastIndexOf(10) - 1;
      else sinceNewline += first;
      if (sinceNewline > maxLineBytes) {
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
  source.pipe(text);

  let names: string[] | null = null;
  let types: ColumnType[] = [];
  let insert: Database.Statement | null = null;
  let insertMany: Database.Statement | null = null;
  let rowsPerStatement = 1;
  let rowsRead = 0;
  let rowsStored = 0;
  let rowsQuarantined = 0;
  let delimiter = spec.import.delimiter ?? ',';
  const quarantine = db.prepare('INSERT INTO quarantine (dataset_id, line, raw, reason) VALUES (?, ?, ?, ?)');

  const createTable = (header: string[], sample: string[][]): void => {
    names = columnNames(header);
    types = names.map((_, i) => inferType(sample.map((r) => r[i] ?? '')));
    const cols = names.map((_, i) => `c${i} ANY`).join(', ');
    db.transaction(() => {
      db.exec(`CREATE TABLE ${tableName} (${cols}) STRICT`);
      const addColumn = db.prepare('INSERT INTO dataset_columns (dataset_id, position, name, type) VALUES (?, ?, ?, ?)');
      names?.forEach((name, i) => addColumn.run(datasetId, i, name, types[i]));
    })();
    const tuple = `(${names.map(() => '?').join(', ')})`;
    insert = db.prepare(`INSERT INTO ${tableName} VALUES ${tuple}`);
    // Many rows per statement: the per-call cost of crossing into SQLite dominates narrow rows.
    rowsPerStatement = Math.max(1, Math.min(200, Math.floor(4000 / names.length)));
    insertMany = db.prepare(`INSERT INTO ${tableName} VALUES ${new Array<string>(rowsPerStatement).fill(tuple).join(', ')}`);
  };

  const storeRows = (rows: string[][], quoteErrors: Set<number>, firstIndex: number): void => {
    if (!names || !insert || !insertMany) return;
    const width = names.length;
    const one = insert;
    const many = insertMany;
    const batch: Cell[] = new Array<Cell>(width * rowsPerStatement);
    let inBatch = 0;
    db.transaction(() => {
      rows.forEach((row, k) => {
        if (row.length === 1 && row[0].trim() === '' && width > 1) return;
        rowsRead++;
        if (row.length !== width || quoteErrors.has(k + firstIndex)) {
          const reason = row.length !== width ? `expected ${width} fields, found ${row.length}` : 'malformed quotes';
          quarantine.run(datasetId, rowsRead, Papa.unparse([row], { delimiter }), reason);
          rowsQuarantined++;
          return;
        }
        const base = inBatch * width;
        for (let i = 0; i < width; i++) {
          const c = convert(row[i], types[i]);
          if (c.widen) types[i] = widen(types[i], c.widen);
          batch[base + i] = c.widen === 'text' ? row[i] : c.value;
        }
        rowsStored++;
        if (++inBatch === rowsPerStatement) {
          many.run(batch);
          inBatch = 0;
        }
      });
      for (let r = 0; r < inBatch; r++) one.run(batch.slice(r * width, (r + 1) * width));
    })();
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
        detail: `${mb(bytesRead)} of ${mb(file.size)} · ${rowsStored.toLocaleString('en-US')} rows · about ${Math.ceil(eta)} s left`,
        metrics: { bytes: bytesRead, rows: rowsStored, quarantined: rowsQuarantined, mbPerSecond: rate / 1e6 },
      },
      force,
    );
  };

  try {
    await new Promise<void>((resolve, reject) => {
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
            if (!names) {
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
    if (!names) throw new AssayError('EMPTY_FILE', `${fileName} holds no rows: there is nothing to import.`);
    assertUnchanged(filePath, fileName, file);

    const finalTypes = types;
    const sha256 = hash.digest('hex');
    db.transaction(() => {
      const setType = db.prepare('UPDATE dataset_columns SET type = ? WHERE dataset_id = ? AND position = ?');
      finalTypes.forEach((t, i) => setType.run(t, datasetId, i));
      db.prepare("UPDATE datasets SET status = 'ready', row_count = ?, quarantined_count = ? WHERE id = ?").run(
        rowsStored,
        rowsQuarantined,
        datasetId,
      );
      db.prepare('INSERT INTO lineage (dataset_id, event, detail, at) VALUES (?, ?, ?, ?)').run(
        datasetId,
        'import',
        JSON.stringify({
          source: filePath,
          fileName,
          bytes: bytesRead,
          sha256,
          encoding: sniffed.encoding,
          delimiter,
          rowsRead,
          rowsStored,
          rowsQuarantined,
        }),
        new Date().toISOString(),
      );
    })();
    report(true);
    const name = (db.prepare('SELECT name FROM datasets WHERE id = ?').get(datasetId) as { name: string }).name;
    return { datasetId, name, rowsRead, rowsStored, rowsQuarantined, bytes: bytesRead, sha256 };
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
