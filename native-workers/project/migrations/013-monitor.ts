/**
 * Schema 13: monitoring's reference per model version — summaries of the
 * training inputs and validation predictions (ml/monitor), stored as JSON
 * at registration or built on first use for versions registered before.
 */
export const migration013 = `
CREATE TABLE monitor_references (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  built_at TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('registration', 'first-use')),
  reference TEXT NOT NULL,
  PRIMARY KEY (name, version),
  FOREIGN KEY (name, version) REFERENCES model_versions(name, version) ON DELETE CASCADE
) STRICT;
`;
