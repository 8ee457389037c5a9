import type { ImportLineage, LineageColumn } from '../../../preload/contract/lineage';
import type { ImportCounts } from '../writer';

export interface LineageInput {
  readonly filePath: string;
  readonly fileName: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly mtimeMs: number;
  readonly parser: Readonly<Record<string, unknown>>;
  readonly schema: readonly LineageColumn[];
  readonly counts: ImportCounts;
  readonly stages: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly appVersion: string;
  /** Filled by the validation and cleansing parts when they ran (their version and figures). */
  readonly rules?: Readonly<Record<string, unknown>> | null;
  readonly recipe?: Readonly<Record<string, unknown>> | null;
}

/**
 * The lineage record of one import: everything needed to tell later where a dataset's rows
 * came from and how they were read. `changed` is what the cleansing stage reports
 * (its `cellsChanged`/`rowsChanged` figure), null when no cleansing ran.
 */
export function importLineage(i: LineageInput): ImportLineage & { readonly stages: LineageInput['stages'] } {
  let changed: number | null = null;
  for (const s of Object.values(i.stages)) {
    const n = s['rowsChanged'] ?? s['cellsChanged'];
    if (typeof n === 'number') changed = (changed ?? 0) + n;
  }
  return {
    source: {
      path: i.filePath,
      fileName: i.fileName,
      bytes: i.bytes,
      sha256: i.sha256,
      modifiedAt: Number.isFinite(i.mtimeMs) ? new Date(i.mtimeMs).toISOString() : null,
    },
    parser: i.parser,
    schema: i.schema,
    rules: i.rules ?? null,
    recipe: i.recipe ?? null,
    counts: { read: i.counts.rowsRead, accepted: i.counts.rowsStored, quarantined: i.counts.rowsQuarantined, changed },
    appVersion: i.appVersion,
    stages: i.stages,
  };
}
