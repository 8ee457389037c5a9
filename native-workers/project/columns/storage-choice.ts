/**
 * Which storage a NEW dataset gets: the one place that decides it. Column chunks are the default
 * (#20: every reader takes them); `ASSAY_DATASET_STORAGE=rows|columns` overrides it (tests and
 * benches of either storage, and a way back should columns misbehave in the field).
 */
import type { DatasetStorage } from './chunk-store';

export const defaultDatasetStorage: DatasetStorage = 'columns';

/** The storage for a dataset created now. An unknown override is an error, not a silent default. */
export function newDatasetStorage(): DatasetStorage {
  const wanted = process.env['ASSAY_DATASET_STORAGE'];
  if (wanted === undefined || wanted === '') return defaultDatasetStorage;
  if (wanted === 'rows' || wanted === 'columns') return wanted;
  throw new Error(`ASSAY_DATASET_STORAGE is "${wanted}": set it to rows or columns, or unset it for the default (${defaultDatasetStorage}).`);
}
