import { useReadOnly } from '../project';

/** Why the Sources area's writing buttons are off in a read-only project (their hint), or null when they are on. */
export const sourcesReadOnlyReason = 'This project is open read-only: saving connections, importing and pulling are disabled. Use Save As for an editable copy.';

export function useSourcesReadOnly(): string | null {
  return useReadOnly() ? sourcesReadOnlyReason : null;
}
