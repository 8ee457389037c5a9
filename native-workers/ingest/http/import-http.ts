/**
 * The `http-import` job: pages of a JSON API into a DatasetWriter. After each
 * page, the rows and the position (next URL, rows, pages) are committed in one
 * transaction, so a pull that fails (server down, retries exhausted) can be
 * resumed from the stored position without fetching or storing a row twice.
 */
import type { ColumnType } from '../../../preload/contract/types';
import { httpSourceName, type SourceImportResult } from '../../../preload/contract/sources';
import { AssayError } from '../../../preload/contract/errors';
import { quarantineWarning } from '../../../preload/contract/import-warning';
import { inferType } from '../../ml/infer';
import type { HttpImportJobSpec } from '../../protocol';
import type { JobContext } from '../../runtime/context';
import { connectForBulkWrites } from '../../project/open';
import { chunkCellTypes, datasetStorage } from '../../project/columns/chunk-store';
import { datasetColumns, datasetTable, recountDataset, requireReadyDataset, restoreSetAside, setAsideForResume } from '../../project/datasets';
import type { Db } from '../../project/open';
import { storedCellTypes } from '../../project/rows';
import { saveSourceState } from '../../project/sources';
import { redactUrl } from '../redact';
import { buildStages } from '../source-stages';
import { DatasetWriter, type SourceValue } from '../writer';
import { firstUrl, LoopGuard, nextUrl } from './paginate';
import { checkUrl, fetcherFor, recordsOf, storableUrl } from './records';

/**
 * A resumed pull writes through a new DatasetWriter: the rows stored so far
 * are moved aside, the writer creates the table afresh, and they are copied
 * back first. Their types are read from the cells themselves (an unfinished
 * import never stored its widened types).
 */
function reopen(db: Db, datasetId: number): { names: string[]; types: ColumnType[] } {
  const cols = datasetColumns(db, datasetId);
  const seen = datasetStorage(db, datasetId) === 'columns' ? chunkCellTypes(db, datasetId, cols.length) : storedCellTypes(db, datasetTable(datasetId), cols.length);
  const types = cols.map((c, i): ColumnType => {
    if (seen[i].includes('text')) return 'text';
    if (seen[i].includes('real')) return c.type === 'text' ? 'text' : 'number';
    return c.type;
  });
  setAsideForResume(db, datasetId);
  return { names: cols.map((c) => c.name), types };
}

export async function runHttpImport(job: HttpImportJobSpec, ctx: JobContext): Promise<SourceImportResult> {
  const t0 = Date.now();
  const spec = job.spec;
  checkUrl(spec.url);
  const shown = redactUrl(spec.url);
  const title = `${job.resume ? 'Resume' : 'Pull'} ${shown}`;
  const pagination = spec.pagination ?? { kind: 'none' };
  const { fetcher } = fetcherFor(spec, job.secret, ctx.signal);
  const guard = new LoopGuard(spec.maxPages ?? 10_000);
  const db = connectForBulkWrites(job.projectPath);
  try {
    const pipeline = buildStages(db, spec, httpSourceName(spec.url), () => writer.columns, job.privacyKeyBase64 ?? null);
    const writer = new DatasetWriter(db, job.datasetId, pipeline.stages, spec.schema);
    let priorRows = 0;
    let pages = 0;
    if (job.resume) {
      const { names, types } = reopen(db, job.datasetId);
      writer.begin(names, types);
      priorRows = restoreSetAside(db, job.datasetId);
      pages = job.resume.pages;
    }
    let url: string | null = job.resume ? job.resume.next : firstUrl(spec.url, pagination);
    let names: string[] = [...writer.columns];
    let index = new Map(names.map((n, i) => [n, i]));
    const rawOf = (r: readonly SourceValue[]): string => JSON.stringify(Object.fromEntries(names.map((n, i) => [n, r[i]])));
    while (url !== null) {
      ctx.checkCancelled();
      guard.check(url, pages);
      const res = await fetcher.get(url);
      const recs = recordsOf(res.json, spec.recordsPath ?? '', url);
      const linked = nextUrl(pagination, url, res.json, res.headers, recs.length);
      // An API may echo the key into its next link: the position is stored and shown without it.
      const next = linked === null ? null : storableUrl(spec, job.secret, linked);
      if (!writer.started) {
        // Columns: the keys of the first page's records, in order of appearance.
        const keys = new Set<string>();
        for (const r of recs) for (const k of Object.keys(r)) keys.add(k);
        if (keys.size === 0 && next === null) throw new AssayError('EMPTY_FILE', `${shown} returned no records: there is nothing to import.`);
        if (keys.size > 0) {
          names = [...keys];
          index = new Map(names.map((n, i) => [n, i]));
          writer.begin(names, names.map((n): ColumnType => inferType(recs.map((r) => r[n] ?? ''))));
        }
      }
      const rows: SourceValue[][] = [];
      const extra: (string | null)[] = [];
      for (const r of recs) {
        const row: SourceValue[] = new Array<SourceValue>(names.length).fill(null);
        let unknown: string[] = [];
        for (const [k, v] of Object.entries(r)) {
          const i = index.get(k);
          if (i === undefined) unknown = [...unknown, k];
          else row[i] = v;
        }
        rows.push(row);
        extra.push(unknown.length ? `fields not on the first page: ${unknown.join(', ')}` : null);
      }
      pages++;
      const position = { next, rows: priorRows + writer.counts.rowsRead + rows.length, pages };
      // The page's rows and the position after it commit together: a resume never repeats them.
      db.transaction(() => {
        if (writer.started && rows.length > 0) writer.writeBatch(rows, rawOf, (_r, k) => extra[k]);
        writer.checkpoint();
        saveSourceState(db, job.datasetId, { kind: 'http', spec, watermark: null, position, status: 'resumable' });
      }).immediate();
      ctx.progress({ kind: 'import', value: next === null ? 0.99 : Math.min(0.95, pages / (pages + 5)), title, detail: `${position.rows.toLocaleString('en-US')} records, ${pages} pages` });
      url = next;
    }
    if (!writer.started) throw new AssayError('EMPTY_FILE', `${shown} returned no records: there is nothing to import.`);
    db.transaction(() => {
      writer.finish({ source: shown, kind: 'http', method: spec.method ?? 'GET', pagination, recordsPath: spec.recordsPath ?? '', pages, requests: fetcher.requests, retries: fetcher.retried, ...(job.resume ? { resumedAfterRows: priorRows } : {}) });
      if (job.resume) recountDataset(db, job.datasetId);
      saveSourceState(db, job.datasetId, { kind: 'http', spec, watermark: null, position: null, status: 'ready' });
    }).immediate();
    const ds = requireReadyDataset(db, job.datasetId);
    ctx.progress({ kind: 'import', value: 1, title, detail: `${ds.rowCount.toLocaleString('en-US')} records, ${pages} pages` }, true);
    return {
      datasetId: job.datasetId,
      name: ds.name,
      rowsRead: priorRows + writer.counts.rowsRead,
      rowsStored: ds.rowCount,
      rowsQuarantined: writer.counts.rowsQuarantined,
      ...quarantineWarning({ rowsRead: priorRows + writer.counts.rowsRead, rowsStored: ds.rowCount, rowsQuarantined: writer.counts.rowsQuarantined }),
      rowsUpdated: 0,
      watermark: null,
      pages,
      requests: fetcher.requests,
      seconds: (Date.now() - t0) / 1000,
      ...(pipeline.rules ? { rules: pipeline.rules.summary() } : {}),
      ...(pipeline.recipe?.outcome ? { rowsChanged: pipeline.recipe.outcome.rowsChanged } : {}),
    };
  } finally {
    db.close();
  }
}
