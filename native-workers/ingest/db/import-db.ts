/**
 * The `db-import` job: a table or query from PostgreSQL, MySQL/MariaDB or
 * SQLite, streamed (binary COPY, a streaming query, a statement iterator) in batches into a
 * DatasetWriter (memory bounded by the batch). A refresh asks only for rows
 * past the stored watermark, writes them into a staging dataset and folds it
 * into the target in the last transaction (upsert by key when a key is
 * given). Cancel closes the stream; the host then discards the new or staging
 * dataset, so the target stays exactly as before.
 */
import { AssayError } from '../../../preload/contract/errors';
import { quarantineWarning } from '../../../preload/contract/import-warning';
import { groupDigits } from '../../../preload/contract/plural';
import { dbSourceName, type SourceImportResult } from '../../../preload/contract/sources';
import type { DbImportJobSpec } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { connectForBulkWrites } from '../../project/open';
import { datasetName, datasetTable } from '../../project/datasets';
import { ensureKeyIndex } from '../../project/dataset-tables';
import { saveSourceState } from '../../project/sources';
import { mergeInto } from '../merge';
import { buildStages } from '../source-stages';
import { rowWriterThreadFile } from '../../runtime/row-writer';
import { datasetStorage } from '../../project/columns/chunk-store';
import { DatasetWriter, type DirectRowSink, type SourceValue } from '../writer';
import { connectDb, sourceError } from './connect';
import { describeConnection, type ConnectParams } from './driver';
import { extractSql } from './sql';

/** Rows per cursor fetch: large enough that round trips to the server stay a small cost, small enough to bound memory. */
const batchRows = 10_000;

function rawOf(names: readonly string[]): (r: readonly SourceValue[]) => string {
  return (r) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, typeof r[i] === 'bigint' ? String(r[i]) : r[i]])));
}

/** A watermark value as the source state keeps it. */
function watermarkOf(v: NonNullable<SourceValue>): string | number {
  return v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : typeof v === 'boolean' ? Number(v) : v;
}

export async function runDbImport(job: DbImportJobSpec, ctx: JobContext): Promise<SourceImportResult> {
  const t0 = Date.now();
  const params: ConnectParams = { ...job.connection, password: job.password };
  const where = describeConnection(job.connection);
  const what = 'query' in job.spec.select ? 'query' : job.spec.select.table;
  const title = `${job.targetDatasetId === null ? 'Import' : 'Refresh'} ${what}`;
  const wmColumn = job.spec.incremental?.column;
  ctx.progress({ kind: 'import', value: 0, title, detail: `connecting to ${where}` }, true);
  const driver = await connectDb(params);
  const db = connectForBulkWrites(job.projectPath);
  let reader: Awaited<ReturnType<typeof driver.open>> | null = null;
  const onAbort = (): void => {
    void reader?.close();
  };
  ctx.signal.addEventListener('abort', onAbort);
  let stopWriter = (): void => undefined;
  try {
    const { sql, params: bind } = extractSql(driver, job.spec.select, wmColumn, job.after);
    try {
      reader = await driver.open(sql, bind);
    } catch (err) {
      throw sourceError(err, params, `Reading ${what} from`);
    }
    const columns = reader.columns;
    const names = columns.map((c) => c.name);
    const wmIndex = wmColumn === undefined ? -1 : names.indexOf(wmColumn);
    if (wmColumn !== undefined && wmIndex < 0) throw new AssayError('BAD_INPUT', `The watermark column "${wmColumn}" is not in ${what} (columns: ${names.join(', ')}).`);
    const key = job.spec.incremental?.key;
    if (key !== undefined && !names.includes(key)) throw new AssayError('BAD_INPUT', `The key column "${key}" is not in ${what} (columns: ${names.join(', ')}).`);
    const notes = columns.filter((c) => c.note).map((c) => ({ column: c.name, dbType: c.dbType, storedAs: 'text' }));
    for (const n of notes) ctx.log('warn', `${n.column}: ${n.dbType} has no mapping; stored as text`);
    const pipeline = buildStages(db, job.spec, dbSourceName(job.connection.kind, job.spec.select), () => writer.columns, job.privacyKeyBase64 ?? null);
    const writer = new DatasetWriter(db, job.datasetId, pipeline.stages, job.spec.schema, rowWriterThreadFile());
    stopWriter = () => writer.dispose();
    writer.begin(names, columns.map((c) => c.type));
    const raw = rawOf(names);
    let watermark: string | number | null = job.after;
    const open = reader;
    let shown = 0;
    const progress = (): void => {
      // Called per network chunk on the direct path: the message is built only when it may be sent.
      const now = Date.now();
      if (now - shown < 100) return;
      shown = now;
      const n = writer.counts.rowsRead;
      ctx.progress({
        kind: 'import',
        value: job.rowEstimate ? Math.min(0.99, n / job.rowEstimate) : 0.5,
        title,
        detail: `${groupDigits(n)} rows${job.rowEstimate ? ` of ~${groupDigits(job.rowEstimate)}` : ''}`,
      });
    };
    const direct = open.pipe ? writer.direct() : null;
    if (direct && open.pipe) {
      // Values decoded straight into column chunks (see DatasetWriter.direct). A failure to store
      // (the writer thread's) is the project's, not the source's: it is thrown as it is.
      let storeFailure: unknown = null;
      const sink: DirectRowSink = {
        value: direct.value,
        text: direct.text,
        number: direct.number,
        commitRow: () => {
          try {
            direct.commitRow();
          } catch (err) {
            storeFailure = err;
            throw err;
          }
        },
      };
      let last: SourceValue;
      try {
        last = await open.pipe(sink, wmIndex, progress);
      } catch (err) {
        ctx.checkCancelled();
        if (storeFailure !== null) throw storeFailure;
        throw sourceError(err, params, `Reading ${what} from`);
      }
      if (last !== null && last !== undefined) watermark = watermarkOf(last);
    }
    const fetchNext = (): Promise<SourceValue[][]> => open.read(batchRows);
    // After a pipe nothing is left to read: the loop below ends at once.
    let pending = direct ? Promise.resolve([]) : fetchNext();
    for (;;) {
      let batch: SourceValue[][];
      try {
        batch = await pending;
      } catch (err) {
        ctx.checkCancelled();
        throw sourceError(err, params, `Reading ${what} from`);
      }
      ctx.checkCancelled();
      if (batch.length === 0) break;
      // Ask for the next batch before writing this one: the server streams it while SQLite writes.
      pending = fetchNext();
      pending.catch(() => undefined);
      writer.writeBatch(batch, raw);
      if (wmIndex >= 0) {
        // Rows arrive in watermark order, so the last non-null one is the highest.
        for (let i = batch.length - 1; i >= 0; i--) {
          const v = batch[i][wmIndex];
          if (v !== null && v !== undefined) {
            watermark = watermarkOf(v);
            break;
          }
        }
      }
      progress();
    }
    await reader.close();
    const lineage = {
      source: where,
      kind: job.connection.kind,
      ...('query' in job.spec.select ? { query: job.spec.select.query } : { table: job.spec.select.table, schema: job.spec.select.schema ?? null }),
      columns: columns.map((c) => ({ name: c.name, dbType: c.dbType, type: c.type })),
      ...(notes.length ? { typeNotes: notes } : {}),
      ...(job.spec.incremental ? { incremental: job.spec.incremental, watermarkFrom: job.after, watermark } : {}),
      ...(job.spec.privacy ? { privacy: { actions: job.spec.privacy.actions } } : {}),
    };
    const target = job.targetDatasetId ?? job.datasetId;
    let updated = 0;
    writer.drain();
    db.transaction(() => {
      writer.finish(lineage, job.targetDatasetId === null ? 'import' : 'refresh');
      if (job.targetDatasetId !== null) updated = mergeInto(db, job.datasetId, job.targetDatasetId, key).updated;
      // The key's index is built once, with the first import, so every refresh finds its rows at once.
      else if (key !== undefined && datasetStorage(db, job.datasetId) === 'rows') ensureKeyIndex(db, datasetTable(job.datasetId), names.indexOf(key));
      saveSourceState(db, target, { kind: 'db', spec: job.spec, watermark, position: null, status: 'ready' });
    }).immediate();
    const name = datasetName(db, target);
    ctx.progress({ kind: 'import', value: 1, title, detail: `${groupDigits(writer.counts.rowsStored)} rows` }, true);
    const cleansed = pipeline.recipe?.outcome;
    return {
      datasetId: target,
      name,
      ...writer.counts,
      ...quarantineWarning(writer.counts),
      rowsUpdated: updated,
      watermark,
      seconds: (Date.now() - t0) / 1000,
      ...(pipeline.rules ? { rules: pipeline.rules.summary() } : {}),
      ...(cleansed ? { rowsChanged: cleansed.rowsChanged } : {}),
    };
  } finally {
    stopWriter();
    ctx.signal.removeEventListener('abort', onAbort);
    await reader?.close().catch(() => undefined);
    await driver.close();
    db.close();
  }
}
