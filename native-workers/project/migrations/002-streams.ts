/**
 * Schema 2: live streams. Each stream keeps its raw readings in its own table
 * st_<id> (seq INTEGER PRIMARY KEY, host_time REAL ms since epoch, device_time
 * REAL, recording_id INTEGER, flags TEXT, f0 … fN ANY: raw parsed values in the
 * order of streams.fields), created by the stream worker.
 */
export const migration002 = `
CREATE TABLE streams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  protocol TEXT,
  fields TEXT NOT NULL DEFAULT '[]',
  pipeline TEXT NOT NULL,
  device_time_field TEXT,
  table_name TEXT NOT NULL,
  reading_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE recordings (
  id INTEGER PRIMARY KEY,
  stream_id INTEGER NOT NULL REFERENCES streams(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  started_at TEXT NOT NULL,
  stopped_at TEXT,
  readings INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE stream_events (
  id INTEGER PRIMARY KEY,
  stream_id INTEGER NOT NULL REFERENCES streams(id) ON DELETE CASCADE,
  at REAL NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('start', 'stop', 'gap', 'reconnect', 'error', 'malformed', 'drop')),
  detail TEXT NOT NULL
) STRICT;

CREATE INDEX stream_events_by_stream ON stream_events (stream_id, at);
`;
