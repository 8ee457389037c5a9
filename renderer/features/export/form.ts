/** The Export dialog's draft → the `to` of an ExportSpec (pure; unit-tested). */
import type { ExportTargetKind } from '../../../preload/contract/export';

export interface ExportDraft {
  readonly model: string;
  readonly kind: ExportTargetKind;
  /** Folder path, or the bucket / container. */
  readonly where: string;
  /** s3 / azure: the key prefix (e.g. churn/v3). */
  readonly prefix: string;
}

export const emptyDraft: ExportDraft = { model: '', kind: 'folder', where: '', prefix: '' };

/** The target URL, or why Export is disabled. */
export function targetOf(d: ExportDraft): { to: string } | { reason: string } {
  const where = d.where.trim();
  if (!d.model.trim()) return { reason: 'Name the registered model (NAME, NAME@3 or NAME@production).' };
  if (!where) return { reason: d.kind === 'folder' ? 'Type a folder path.' : `Type the ${d.kind === 's3' ? 'bucket' : 'container'}.` };
  if (d.kind === 'folder') return { to: where };
  if (/[/\s]/.test(where)) return { reason: `A ${d.kind === 's3' ? 'bucket' : 'container'} name has no "/" or spaces; put the path in Prefix.` };
  const prefix = d.prefix.trim().replace(/^\/+|\/+$/g, '');
  return { to: `${d.kind === 's3' ? 's3' : 'azure'}://${where}${prefix ? `/${prefix}` : ''}` };
}
