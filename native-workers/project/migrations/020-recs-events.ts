/**
 * Schema (#17): events a served recommender received (POST /events, an MQTT topic), kept for the
 * next retraining. Items the model did not know are kept too (`known_item` 0): retraining is what
 * makes them recommendable. A click names the served list it came from.
 */
export const migration020 = `
CREATE TABLE recs_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  model TEXT NOT NULL,
  version INTEGER NOT NULL,
  user TEXT NOT NULL,
  item TEXT NOT NULL,
  weight REAL NOT NULL,
  known_item INTEGER NOT NULL CHECK (known_item IN (0, 1)),
  recommendation_id TEXT,
  source TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;

CREATE INDEX recs_events_by_model ON recs_events (model, id);
`;
