import fs from 'node:fs';
import { connectForBulkWrites } from '../project/open';
import { datasetName } from '../project/datasets';
import { AssayError } from '../../preload/contract/errors';
import { quarantineWarning } from '../../preload/contract/import-warning';
import type { ImportResult } from '../../preload/contract/types';
import type { ImportJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';
import { DatasetWriter, type FinishedImport } from '../ingest/writer';
import type { RowStage } from '../ingest/stages';
import { readSource } from '../ingest/formats/read-source';
import { WriterSink } from '../ingest/formats/sink';
import { mb } from '../ingest/formats/text-checks';
import { projectLookup } from '../ingest/rules/lookup';
import { RulesStage } from '../ingest/rules/stage';
import { recipeStageFor } from '../ingest/recipe/stage';
import { assertAllowed, compareSchemas, mergeStaging, targetSchema } from '../ingest/incremental/append';
import { importLineage } from '../ingest/incremental/lineage';
import { PrivacyStage } from '../ingest/privacy/stage';
import { keyFingerprint } from '../ingest/privacy/transform';
import { rowWriterThreadFile } from '../runtime/row-writer';
import { groupDigits } from '../../preload/contract/plural';


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
  // Foreign keys off, as file imports have always run (see BulkWriteOptions.foreignKeys).
  const db = connectForBulkWrites(spec.projectPath, { cacheKiB: 65_536, foreignKeys: false });
  const rules = spec.import.rules?.rules.length ? new RulesStage(spec.import.rules, projectLookup(db)) : null;
  // Cleansing first, then validation: rules judge the cleansed values. The recipe stage needs the column names, which the writer knows once the header is read.
  const recipe = recipeStageFor(db, spec.import.recipe, fileName, () => writer.columns);
  const privacyKey = spec.privacyKeyBase64 ? Buffer.from(spec.privacyKeyBase64, 'base64') : null;
  // Pseudonymisation comes last, on the values as stored: raw personal data never reaches the project.
  const privacy = spec.import.privacy ? new PrivacyStage(spec.import.privacy.actions, privacyKey) : null;
  // An append writes into a hidden staging dataset and moves the rows over at the end.
  const append = spec.import.append ?? null;
  const target = append ? targetSchema(db, append.datasetId) : null;
  const appendCheck: RowStage | null =
    append && target
      ? {
          name: 'append-check',
          // The file's columns are read as the dataset's (inference on a sample may call the same values `id` or `integer`);
          // values that do not fit still widen the column, and the merge then refuses the changed type.
          declaredType: (column) => target.columns.find((c) => c.name.toLowerCase() === column.toLowerCase())?.type,
          // Fails before the rest of the file is read when the header already disagrees.
          bind: (names, types) => assertAllowed(compareSchemas(target.columns, names.map((name, i) => ({ name, type: types[i]! }))), append, target.name, fileName),
          process: () => [],
          summary: () => ({}),
        }
      : null;
  const stages = [recipe, rules, privacy, appendCheck].filter((s): s is NonNullable<typeof s> => s !== null);
  const writer = new DatasetWriter(db, datasetId, stages, spec.import.schema, rowWriterThreadFile());
  const sink = new WriterSink(writer, () => ctx.checkCancelled());

  let bytesDone = 0;
  let lastStat = Date.now();
  let reported = 0;
  const report = (force = false): void => {
    // Called per chunk read: the message (its text, an object) is built only when it may be sent.
    const now = Date.now();
    if (!force && now - reported < 100) return;
    reported = now;
    const elapsed = (now - started) / 1000;
    const rate = bytesDone / Math.max(elapsed, 1e-3);
    const eta = rate > 0 ? Math.max(0, (before.size - bytesDone) / rate) : 0;
    ctx.progress(
      {
        kind: 'import',
        value: before.size > 0 ? Math.min(1, bytesDone / before.size) : 1,
        title: `Importing ${fileName}`,
        detail: `${mb(bytesDone)} of ${mb(before.size)} · ${groupDigits(writer.counts.rowsStored)} rows · about ${Math.ceil(eta)} s left`,
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
    const parser = {
      format: info.format,
      encoding: info.encoding,
      compression: info.head.gzip ? 'gzip' : null,
      ...(info.dialect ? { delimiter: info.dialect.delimiter, quote: info.dialect.quote, header: info.dialect.header } : {}),
      ...(info.sheet !== null ? { sheet: info.sheet } : {}),
      ...(info.recordsPath !== null ? { recordsPath: info.recordsPath } : {}),
    };
    const lineage = (after: FinishedImport): Readonly<Record<string, unknown>> => ({
      // The flat fields came first; the registry and older readers use them.
      fileName,
      bytes: read.bytesRead,
      sha256: read.sha256,
      ...parser,
      ...importLineage({
        filePath,
        fileName,
        bytes: read.bytesRead,
        sha256: read.sha256,
        mtimeMs: before.mtimeMs,
        parser,
        schema: after.columns,
        counts: after.counts,
        stages: after.stages,
        appVersion: spec.appVersion ?? 'unknown',
        rules: spec.import.rules?.rules.length ? { rules: spec.import.rules.rules.length, failures: rules?.summary() ?? {} } : null,
        recipe: recipe?.outcome ? { version: recipe.outcome.version, rowsChanged: recipe.outcome.rowsChanged, cellsChanged: recipe.outcome.cellsChanged } : null,
      }),
      ...(spec.import.privacy
        ? {
            privacy: {
              actions: spec.import.privacy.actions,
              key: privacyKey && spec.privacyKey ? { store: spec.privacyKey.store, location: spec.privacyKey.location, fingerprint: keyFingerprint(privacyKey) } : null,
            },
          }
        : {}),
    });
    if (append) {
      writer.drain();
      const schema = writer.columns.map((name, i) => ({ name, type: writer.columnTypes[i]! }));
      const outcome = mergeStaging(db, datasetId, append.datasetId, schema, append, fileName, (schemaChanges, o) => ({
        ...lineage({ columns: schema, counts: writer.counts, stages: writer.stageSummaries() }),
        schemaChanges,
        castToNull: o.castToNull,
        columnsAdded: o.columnsAdded,
      }));
      report(true);
      const counts = { ...writer.counts, rowsStored: outcome.rowsAppended };
      return { datasetId: append.datasetId, name: target?.name ?? '', ...counts, bytes: read.bytesRead, sha256: read.sha256, ...quarantineWarning(counts) };
    }
    writer.finish(lineage);
    bytesDone = before.size;
    report(true);
    const name = datasetName(db, datasetId);
    const cleansed = recipe?.outcome;
    const misfits = writer.typeMisfits;
    return { datasetId, name, ...writer.counts, ...quarantineWarning(writer.counts), ...(misfits.length > 0 ? { typeMisfits: misfits } : {}), bytes: read.bytesRead, sha256: read.sha256, ...(rules ? { rules: rules.summary() } : {}), rowsChanged: cleansed?.rowsChanged ?? 0, ...(cleansed ? { recipe: cleansed } : {}) };
  } catch (err) {
    throw diskFull(err, fileName);
  } finally {
    writer.dispose();
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
