import fs from 'node:fs';
import { openDatabase } from '../runtime/sqlite';
import { AssayError } from '../../preload/contract/errors';
import type { ImportResult } from '../../preload/contract/types';
import type { ImportJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';
import { DatasetWriter } from '../ingest/writer';
import { readSource } from '../ingest/formats/read-source';
import { WriterSink } from '../ingest/formats/sink';
import { mb } from '../ingest/formats/text-input';
import { projectLookup } from '../ingest/rules/lookup';
import { RulesStage } from '../ingest/rules/stage';
import { recipeStageFor } from '../ingest/recipe/stage';


/** SQLite's "disk full" (and the quota of the project file) as a clear error; other errors pass. */
function diskFull(err: unknown, fileName: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new AssayError(
      'DISK_FULL',
      `The disk holding the project is full; the import of ${fileName} stopped and was undone (the project is as before).`,
      'Free some space (or move the project to a larger disk) and import again.',
    );
  }
  return err;
}

/**
 * Streams a file of any supported format (see ingest/formats/) into the dataset's table.
 * Memory stays bounded by the chunk (or Parquet row group) size; rows that cannot be
 * stored go to quarantine with their reason. On cancel or failure the host discards the
 * dataset (see onAbandon).
 */
export async function runImport(spec: ImportJobSpec, ctx: JobContext): Promise<ImportResult> {
  const { filePath, fileName, datasetId } = spec;
  const before = statOf(filePath, fileName);
  const options = { ...(spec.import.delimiter ? { delimiter: spec.import.delimiter } : {}), ...spec.import.options };
  const started = Date.now();
  const db = openDatabase(spec.projectPath, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  // WAL + NORMAL cannot corrupt the file; at worst the last batches vanish on power loss, and the
  // dataset only becomes visible in the final transaction anyway.
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  const rules = spec.import.rules?.rules.length ? new RulesStage(spec.import.rules, projectLookup(db)) : null;
  // Cleansing first, then validation: rules judge the cleansed values. The recipe stage needs the column names, which the writer knows once the header is read.
  const recipe = recipeStageFor(db, spec.import.recipe, fileName, () => writer.columns);
  const writer = new DatasetWriter(db, datasetId, [...(recipe ? [recipe] : []), ...(rules ? [rules] : [])], spec.import.schema);
  const sink = new WriterSink(writer, () => ctx.checkCancelled());

  let bytesDone = 0;
  let lastStat = Date.now();
  const report = (force = false): void => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = bytesDone / Math.max(elapsed, 1e-3);
    const eta = rate > 0 ? Math.max(0, (before.size - bytesDone) / rate) : 0;
    ctx.progress(
      {
        kind: 'import',
        value: before.size > 0 ? Math.min(1, bytesDone / before.size) : 1,
        title: `Importing ${fileName}`,
        detail: `${mb(bytesDone)} of ${mb(before.size)} · ${writer.counts.rowsStored.toLocaleString('en-US')} rows · about ${Math.ceil(eta)} s left`,
        metrics: { bytes: bytesDone, rows: writer.counts.rowsStored, quarantined: writer.counts.rowsQuarantined, mbPerSecond: rate / 1e6, etaSeconds: eta },
      },
      force,
    );
  };

  try {
    const read = await readSource(filePath, fileName, options, sink, (bytes) => {
      bytesDone = bytes;
      report();
      // A file deleted or growing under us is noticed within a second, not only at the end.
      if (Date.now() - lastStat > 1000) {
        lastStat = Date.now();
        assertUnchanged(filePath, fileName, before);
      }
    });
    ctx.checkCancelled();
    sink.flush();
    if (!writer.started) throw new AssayError('EMPTY_FILE', `${fileName} holds no rows: there is nothing to import.`);
    assertUnchanged(filePath, fileName, before);
    const { info } = read;
    writer.finish({
      source: filePath,
      fileName,
      bytes: read.bytesRead,
      sha256: read.sha256,
      format: info.format,
      encoding: info.encoding,
      compression: info.head.gzip ? 'gzip' : null,
      ...(info.dialect ? { delimiter: info.dialect.delimiter, quote: info.dialect.quote, header: info.dialect.header } : {}),
      ...(info.sheet !== null ? { sheet: info.sheet } : {}),
      ...(info.recordsPath !== null ? { recordsPath: info.recordsPath } : {}),
    });
    bytesDone = before.size;
    report(true);
    const name = (db.prepare('SELECT name FROM datasets WHERE id = ?').get(datasetId) as { name: string }).name;
    const cleansed = recipe?.outcome;
    return { datasetId, name, ...writer.counts, bytes: read.bytesRead, sha256: read.sha256, ...(rules ? { rules: rules.summary() } : {}), rowsChanged: cleansed?.rowsChanged ?? 0, ...(cleansed ? { recipe: cleansed } : {}) };
  } catch (err) {
    throw diskFull(err, fileName);
  } finally {
    db.close();
  }
}

function statOf(path: string, fileName: string): { size: number; mtimeMs: number } {
  try {
    const s = fs.statSync(path);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    throw new AssayError('NOT_FOUND', `${fileName} could not be found (${path}).`, 'Check that the file still exists, then import it again.');
  }
}

/** A file that changed or vanished while it was read gives no consistent snapshot. */
function assertUnchanged(path: string, fileName: string, before: { size: number; mtimeMs: number }): void {
  let after: fs.Stats;
  try {
    after = fs.statSync(path);
  } catch {
    throw new AssayError('FILE_CHANGED', `${fileName} was deleted while it was being read; nothing was imported.`, 'Import it again once the file is back.');
  }
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new AssayError('FILE_CHANGED', `${fileName} changed (grew or was rewritten) while it was being read; nothing was imported.`, 'Import it again once it is complete.');
  }
}
