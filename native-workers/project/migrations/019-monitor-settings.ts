/**
 * Schema (#16): monitoring settings per model. `check_every_ms` is how often
 * the app (or `assay serve-model`) evaluates the model's alert rules while it
 * serves it; 0 turns the scheduled evaluation off. No row: the default.
 */
export const migration019 = `
CREATE TABLE monitor_settings (
  name TEXT PRIMARY KEY,
  check_every_ms INTEGER NOT NULL CHECK (check_every_ms >= 0),
  updated_at TEXT NOT NULL
) STRICT;
`;
