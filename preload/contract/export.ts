/**
 * Export of a registered model version as a deployable bundle (folder, or
 * uploaded to S3 / Azure Blob Storage). Pure, JSON-safe types.
 */
import type { ModelRef } from './registry';

/**
 * What `export:start`, `assay export` and a replay take.
 * `to`: a folder path (must not exist or be empty), `s3://BUCKET/PREFIX` or
 * `azure://CONTAINER/PREFIX`. Credentials never travel in the spec: they come
 * from the host's environment (AWS default chain, AZURE_STORAGE_CONNECTION_STRING).
 */
export interface ExportSpec {
  readonly model: ModelRef;
  readonly to: string;
}

export type ExportTargetKind = 'folder' | 's3' | 'azure';

export interface ExportResult {
  readonly model: string;
  readonly version: number;
  readonly to: string;
  /** Files in the bundle, manifest.json included. */
  readonly files: number;
  readonly bytes: number;
  readonly seconds: number;
  /** The parity gate: golden rows re-run through the exported server; max |app − bundle|. */
  readonly parity: { readonly rows: number; readonly maxDiff: number };
  /** Uploads only: objects written and objects already there with the same sha256 (a resumed upload). */
  readonly upload?: { readonly uploaded: number; readonly skipped: number; readonly seconds: number };
}

/** Answer of `export:check`: can we write there with the credentials at hand? */
export interface ExportCheck {
  readonly ok: boolean;
  readonly kind: ExportTargetKind;
  /** Where the credentials came from (never the secret itself), e.g. "env AWS_ACCESS_KEY_ID". */
  readonly credentials: string | null;
  readonly message: string;
}
