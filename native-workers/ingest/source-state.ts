/** The `source_state` row of a dataset fed by a database or an API (schema 009), written by the import workers. */
import type Database from 'better-sqlite3';
import type { DbImportSpec, HttpSourceSpec, SourceState } from '../../preload/contract/sources';

export function saveSourceState(
  db: Database.Database,
  datasetId: number,
  s: {
    kind: SourceState['kind'];
    spec: DbImportSpec | HttpSourceSpec;
    watermark: string | number | null;
    position: SourceState['position'];
    status: SourceState['status'];
  },
): void {
  db.prepare(
    `INSERT INTO source_state (dataset_id, kind, spec, watermark, position, status, last_refresh_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(dataset_id) DO UPDATE SET spec = excluded.spec, watermark = excluded.watermark, position = excluded.position,
       status = excluded.status, last_refresh_at = excluded.last_refresh_at`,
  ).run(
    datasetId,
    s.kind,
    JSON.stringify(s.spec),
    s.watermark === null ? null : JSON.stringify(s.watermark),
    s.position === null ? null : JSON.stringify(s.position),
    s.status,
    new Date().toISOString(),
  );
}
