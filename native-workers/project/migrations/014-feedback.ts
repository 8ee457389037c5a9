/**
 * Schema 14: ground truth, operations history and alerts for served models (#16).
 *  - `predictions.pid` names one logged prediction: the request id a server
 *    answered with (a single row), or `REQUEST.ROW` for a row of a batch; an
 *    exported bundle's pulled log keeps its own ids. Unique per model, so
 *    importing the same log twice stores nothing twice. `request_id` groups a
 *    batch's rows into its one request (operations count requests, not rows).
 *    Rows logged before this schema have neither.
 *  - `prediction_feedback`: the true label of a logged prediction, one per
 *    prediction (the first one counts: feedback is idempotent).
 *  - `serving_events`: requests a server refused or failed (400s, 413, 500s),
 *    which the prediction log never sees; `event_id` makes pulled ones idempotent.
 *  - `log_rejects`: lines of a pulled log that could not be read, kept with
 *    their reason; (model, file, line) once.
 *  - `alert_rules`, `alert_events` (what fired), `alert_deliveries` (every
 *    webhook attempt, failed ones too).
 */
export const migration014 = `
ALTER TABLE predictions ADD COLUMN pid TEXT;
ALTER TABLE predictions ADD COLUMN request_id TEXT;
CREATE UNIQUE INDEX predictions_by_pid ON predictions (name, pid) WHERE pid IS NOT NULL;

CREATE TABLE prediction_feedback (
  name TEXT NOT NULL,
  pid TEXT NOT NULL,
  label TEXT NOT NULL,
  at REAL NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (name, pid)
) STRICT;

CREATE TABLE serving_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  at REAL NOT NULL,
  status INTEGER NOT NULL,
  reason TEXT NOT NULL,
  rows INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  event_id TEXT
) STRICT;
CREATE INDEX serving_events_by_model ON serving_events (name, version, at);
CREATE UNIQUE INDEX serving_events_by_event ON serving_events (name, event_id) WHERE event_id IS NOT NULL;

CREATE TABLE log_rejects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  text TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (name, file, line)
) STRICT;

CREATE TABLE alert_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  metric TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('>', '>=', '<', '<=')),
  threshold REAL NOT NULL,
  window_spec TEXT NOT NULL,
  min_rows INTEGER NOT NULL,
  cooldown_ms INTEGER NOT NULL,
  webhook TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE alert_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  threshold REAL NOT NULL,
  window_start REAL NOT NULL,
  window_end REAL NOT NULL,
  rows INTEGER NOT NULL,
  fired_at REAL NOT NULL
) STRICT;
CREATE INDEX alert_events_by_rule ON alert_events (rule_id, fired_at);

CREATE TABLE alert_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id INTEGER NOT NULL REFERENCES alert_events(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  at REAL NOT NULL,
  status INTEGER,
  error TEXT
) STRICT;
`;
