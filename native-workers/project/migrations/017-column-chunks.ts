/**
 * Schema 17: columnar datasets. A dataset's `storage` says where its values are: 'rows' (its row
 * table, as before) or 'columns' (dataset_chunks: each column in chunks of a fixed row count, one
 * row per column chunk, the bytes of project/columns/chunk-codec.ts). The key (dataset, column,
 * chunk) is the table's order (WITHOUT ROWID), so a column reads back as one range scan; the zone
 * map beside the bytes lets a reader skip a chunk without decoding it. No foreign key: an import's
 * connection runs with them off, so removing a dataset deletes its chunks itself.
 */
export const migration017 = `
ALTER TABLE datasets ADD COLUMN storage TEXT NOT NULL DEFAULT 'rows' CHECK (storage IN ('rows', 'columns'));

CREATE TABLE dataset_chunks (
  dataset_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  chunk INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  encoding TEXT NOT NULL,
  min ANY,
  max ANY,
  nulls INTEGER NOT NULL,
  distinct_estimate INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (dataset_id, position, chunk)
) STRICT, WITHOUT ROWID;
`;
