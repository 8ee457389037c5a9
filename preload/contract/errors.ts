/**
 * Errors cross process boundaries as plain data and are revived on the other
 * side, so a renderer can branch on `code` without parsing messages.
 */
export const errorCodes = [
  /** Cloud credentials missing, wrong or expired. */
  'AUTH',
  'BAD_INPUT',
  'BUSY',
  'CANCELLED',
  /** A cluster executor (SLURM, Kubernetes, AWS Batch) could not submit a job, or its scheduler stopped it (time limit, memory, node lost). */
  'CLUSTER',
  /** The disk (or the project file's quota) is full; what was being written was undone. */
  'DISK_FULL',
  'EMPTY_FILE',
  'FILE_CHANGED',
  'FORBIDDEN',
  /** The GPU failed a job: its device was lost, or it ran out of memory even with a batch of one. Re-run on the CPU. */
  'GPU',
  'INTERNAL',
  'IO',
  /** A text file that is valid in one encoding up to some byte and not after it. */
  'MIXED_ENCODING',
  'NEWER_SCHEMA',
  'NOT_ASSAY',
  'NOT_CSV',
  'NOT_FOUND',
  'NO_PROJECT',
  /** An exported bundle's server answered differently from the app. */
  'PARITY_FAILED',
  'READ_ONLY',
  /** An appended file's columns or types differ from its dataset's (detail: the differences as JSON). */
  'SCHEMA_MISMATCH',
  'UNKNOWN_CHANNEL',
  'UNSUPPORTED',
  'WORKER_CRASHED',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  readonly detail?: string;
}

export class AssayError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'AssayError';
    this.code = code;
    this.detail = detail;
  }

  toData(): ErrorData {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Turns anything thrown into plain data; unknown errors become INTERNAL. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof AssayError) return err.toData();
  if (isErrorData(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

export function isErrorData(value: unknown): value is ErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isErrorCode(v['code']) && typeof v['message'] === 'string';
}

/** Revives plain error data into a typed error on the receiving side. */
export function reviveError(data: unknown): AssayError {
  if (isErrorData(data)) return new AssayError(data.code, data.message, data.detail);
  return new AssayError('INTERNAL', typeof data === 'string' ? data : 'Unknown error');
}
