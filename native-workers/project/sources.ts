/**
 * Saved connections and source state in the project (schema 009). Never a
 * secret: only where it is found. A source_state row is written by the import
 * workers and read by the host (refresh, resume, schedules).
 */
import { AssayError } from '../../preload/contract/errors';
import type { ConnectionConfig, ConnectionInfo, DbImportSpec, HttpSourceSpec, SecretRef, SourceState } from '../../preload/contract/sources';
import type { Db } from './open';

interface ConnRow {
  id: number;
  name: string;
  kind: ConnectionConfig['kind'];
  config: string;
  secret_ref: string;
  created_at: string;
}

function toInfo(r: ConnRow): ConnectionInfo {
  const config = JSON.parse(r.config) as Omit<ConnectionConfig, 'secret'>;
  return { ...config, kind: r.kind, secret: JSON.parse(r.secret_ref) as SecretRef, id: r.id, name: r.name, createdAt: r.created_at };
}

/** Only the fields a connection has: anything else a caller sent (a password field, say) is dropped. */
export function cleanConfig(c: ConnectionConfig): ConnectionConfig {
  if (c.kind !== 'postgres' && c.kind !== 'mysql' && c.kind !== 'sqlite') throw new AssayError('BAD_INPUT', `Unknown database kind "${String(c.kind)}": use postgres, mysql or sqlite.`);
  if (typeof c.database !== 'string' || !c.database.trim()) throw new AssayError('BAD_INPUT', c.kind === 'sqlite' ? 'Give the SQLite file path.' : 'Give the database name.');
  if (c.port !== undefined && (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535)) throw new AssayError('BAD_INPUT', `Port ${String(c.port)} is not 1..65535.`);
  const secret: SecretRef = c.secret ?? { kind: 'none' };
  if (!['none', 'env', 'file', 'keychain'].includes(secret.kind)) throw new AssayError('BAD_INPUT', `Unknown password source "${String(secret.kind)}".`);
  return {
    kind: c.kind,
    database: c.database.trim(),
    ...(c.host ? { host: c.host.trim() } : {}),
    ...(c.port ? { port: c.port } : {}),
    ...(c.user ? { user: c.user.trim() } : {}),
    ...(c.ssl && c.ssl.mode !== 'disable' ? { ssl: { mode: c.ssl.mode, ...(c.ssl.caFile ? { caFile: c.ssl.caFile } : {}) } } : {}),
    secret:
      secret.kind === 'env' ? { kind: 'env', ...(secret.name ? { name: secret.name } : {}) } : secret.kind === 'file' ? { kind: 'file', path: secret.path } : secret.kind === 'keychain' ? { kind: 'keychain' } : { kind: 'none' },
  };
}

/** Every saved connection, by name. */
export function listConnections(db: Db): ConnectionInfo[] {
  return (db.prepare('SELECT * FROM connections ORDER BY name').all() as ConnRow[]).map(toInfo);
}

/** A saved connection by id; NOT_FOUND names it otherwise. */
export function getConnection(db: Db, id: number): ConnectionInfo {
  const r = db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnRow | undefined;
  if (!r) throw new AssayError('NOT_FOUND', `Connection ${id} does not exist in this project.`);
  return toInfo(r);
}

/** Creates (no id) or updates a connection, cleaned first; a name is unique among connections. */
export function saveConnection(db: Db, req: { id?: number; name: string; config: ConnectionConfig }): ConnectionInfo {
  const name = req.name?.trim();
  if (!name) throw new AssayError('BAD_INPUT', 'Give the connection a name.');
  const c = cleanConfig(req.config);
  const { secret, kind, ...rest } = c;
  const taken = db.prepare('SELECT id FROM connections WHERE name = ?').get(name) as { id: number } | undefined;
  if (taken && taken.id !== req.id) throw new AssayError('BAD_INPUT', `A connection named "${name}" exists already.`);
  if (req.id !== undefined) {
    getConnection(db, req.id);
    db.prepare('UPDATE connections SET name = ?, kind = ?, config = ?, secret_ref = ? WHERE id = ?').run(name, kind, JSON.stringify(rest), JSON.stringify(secret), req.id);
    return getConnection(db, req.id);
  }
  const info = db
    .prepare('INSERT INTO connections (name, kind, config, secret_ref, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(name, kind, JSON.stringify(rest), JSON.stringify(secret), new Date().toISOString());
  return getConnection(db, Number(info.lastInsertRowid));
}

/** Forgets a saved connection. */
export function deleteConnection(db: Db, id: number): void {
  db.prepare('DELETE FROM connections WHERE id = ?').run(id);
}

interface StateRow {
  dataset_id: number;
  name: string;
  kind: SourceState['kind'];
  spec: string;
  watermark: string | null;
  position: string | null;
  status: SourceState['status'];
  schedule_minutes: number | null;
  last_refresh_at: string | null;
}

const selectState = `SELECT s.*, d.name FROM source_state s JOIN datasets d ON d.id = s.dataset_id`;

function toState(r: StateRow): SourceState {
  return {
    datasetId: r.dataset_id,
    datasetName: r.name,
    kind: r.kind,
    spec: JSON.parse(r.spec) as DbImportSpec | HttpSourceSpec,
    watermark: r.watermark === null ? null : (JSON.parse(r.watermark) as string | number),
    position: r.position === null ? null : (JSON.parse(r.position) as SourceState['position']),
    status: r.status,
    scheduleMinutes: r.schedule_minutes,
    lastRefreshAt: r.last_refresh_at,
  };
}

/** The source state of every refreshable dataset, and of every pull left resumable. */
export function listSourceStates(db: Db): SourceState[] {
  return (db.prepare(`${selectState} WHERE d.status = 'ready' OR s.status = 'resumable' ORDER BY s.dataset_id`).all() as StateRow[]).map(toState);
}

/** A dataset's source state; NOT_FOUND when it was not imported from a database or an API. */
export function getSourceState(db: Db, datasetId: number): SourceState {
  const r = db.prepare(`${selectState} WHERE s.dataset_id = ?`).get(datasetId) as StateRow | undefined;
  if (!r) throw new AssayError('NOT_FOUND', `Dataset ${datasetId} was not imported from a database or an API, so it cannot be refreshed.`);
  return toState(r);
}

/** Sets (or clears, with null) how often the host refreshes a dataset from its source. */
export function setSchedule(db: Db, datasetId: number, minutes: number | null): void {
  getSourceState(db, datasetId);
  db.prepare('UPDATE source_state SET schedule_minutes = ? WHERE dataset_id = ?').run(minutes, datasetId);
}

/** Writes a dataset's source state (an import's spec, watermark and resume position), replacing any earlier one. */
export function saveSourceState(
  db: Db,
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

/** How many rows a resumable pull of the dataset has committed so far (0 when none is resumable). */
export function resumableRows(db: Db, datasetId: number): number {
  const st = db.prepare("SELECT position FROM source_state WHERE dataset_id = ? AND status = 'resumable'").get(datasetId) as { position: string | null } | undefined;
  return st?.position ? (JSON.parse(st.position) as { rows: number }).rows : 0;
}
