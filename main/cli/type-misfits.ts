import { plural } from '../../preload/contract/plural';
import type { ImportResult } from '../../preload/contract/types';

/** One line per column typed over stray values (see ml/infer.ts inferTypeTolerant): its type, and how many rows went to quarantine for it. */
export function typeMisfitsText(result: ImportResult): string {
  return (result.typeMisfits ?? [])
    .map((m) => `  ${m.column}: ${m.type}; ${plural(m.rowsQuarantined, 'value does', 'values do')} not fit, ${m.rowsQuarantined === 1 ? 'its row' : 'their rows'} went to quarantine\n`)
    .join('');
}
