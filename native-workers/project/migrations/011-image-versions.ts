/**
 * Schema 11: image classifiers in the model registry. A registered image
 * version copies its run's stored model (the `image_models` row of the phase
 * it was registered from: backbone reference and sha256, head, and for a
 * fine-tuned phase the whole network's weights) so it never changes when the
 * run does. It lives beside `model_versions` rather than in its `model` text:
 * weights are megabytes of BLOB, and listing the registry must not read them.
 */
export const migration011 = `
CREATE TABLE image_model_versions (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  phase INTEGER NOT NULL,
  backbone TEXT NOT NULL,
  classes TEXT NOT NULL,
  head TEXT NOT NULL,
  model_json TEXT,
  weights BLOB,
  PRIMARY KEY (name, version),
  FOREIGN KEY (name, version) REFERENCES model_versions(name, version) ON DELETE CASCADE
) STRICT;
`;
