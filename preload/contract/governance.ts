/** Governance: likely personal data in a dataset, and what to do about it per column. */

export type PiiKind = 'email' | 'phone' | 'iban' | 'card' | 'name';

export interface PiiFinding {
  readonly column: string;
  readonly kind: PiiKind;
  /** 0..1: share of the sampled non-empty values that match, raised or lowered by the header. */
  readonly confidence: number;
  readonly matched: number;
  readonly sampled: number;
  /** A few matching values as they are in the data (the user's own data, shown to the user). */
  readonly examples: readonly string[];
  /** Why: "72 of 80 values are valid IBANs (mod-97)", "header looks like a name". */
  readonly reason: string;
}

export type PrivacyAction = 'pseudonymise' | 'mask' | 'drop';

export interface PrivacyColumnAction {
  readonly column: string;
  readonly action: PrivacyAction;
  /** Masking keeps this many trailing characters (default 4). */
  readonly keepLast?: number;
}

/**
 * Applied as one job over the dataset, in one transaction. Pseudonyms are keyed
 * HMAC-SHA256: the key stays outside the project (OS keychain in the desktop app,
 * else the key file named here or in the host's settings).
 */
export interface PrivacySpec {
  readonly datasetId: number;
  readonly actions: readonly PrivacyColumnAction[];
  /** Browser/CLI mode: the key file (created with 0600 permissions when missing). */
  readonly keyFile?: string;
}

/** Where the key is, and a fingerprint (a hash of a hash) to tell keys apart; never the key. */
export interface PrivacyKeyInfo {
  readonly store: 'file' | 'keychain';
  readonly location: string;
  readonly fingerprint: string;
}

export interface PrivacyResult {
  readonly datasetId: number;
  readonly rows: number;
  readonly cellsChanged: number;
  readonly columnsDropped: readonly string[];
  readonly keyFingerprint: string | null;
}

/**
 * `ImportSpec.privacy`: pseudonymise or mask columns while importing, so the raw values never
 * reach the project file. Dropping is the schema step's job (leave the column out).
 */
export interface ImportPrivacy {
  readonly actions: readonly PrivacyColumnAction[];
  readonly keyFile?: string;
}
