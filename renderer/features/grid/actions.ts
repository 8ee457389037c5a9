import type { RowPage } from '../../../preload/contract';
import { client } from '../../lib/client';

export function fetchRows(datasetId: number, offset: number, limit: number): Promise<RowPage> {
  return client().invoke('dataset:rows', { datasetId, offset, limit });
}
