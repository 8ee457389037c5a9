/**
 * The warning an import result carries when it stored nothing because every row went to
 * quarantine: the import itself succeeded (the rows are kept, with their reasons, to fix and
 * promote), but an empty dataset is rarely what the user meant, so each front end says so.
 */
export function quarantineWarning(counts: { readonly rowsRead: number; readonly rowsStored: number; readonly rowsQuarantined: number }): { warning?: string } {
  if (counts.rowsStored > 0 || counts.rowsQuarantined === 0) return {};
  return {
    warning: `Every row (${counts.rowsQuarantined.toLocaleString('en-US')}) was quarantined: the dataset is empty. Look at the quarantine for the reasons (often a wrong delimiter, schema type or rule), fix them and re-validate, or import again.`,
  };
}
