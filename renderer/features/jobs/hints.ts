/** What the user can do next, by error code, when the error itself carries no advice. */
const hints: Readonly<Record<string, string>> = {
  EMPTY_FILE: 'Pick a file that holds a header row and data.',
  NOT_CSV: 'Export the data as CSV (comma, semicolon or tab separated) and import that.',
  BAD_INPUT: 'Check the file and try again.',
  FILE_CHANGED: 'Wait until the file is complete, then import it again.',
  NOT_FOUND: 'Check that the file still exists and import it again.',
  IO: 'Check disk space and permissions, then try again.',
  WORKER_CRASHED: 'Try again; if it keeps failing, the file may be too large or malformed.',
  READ_ONLY: 'Use "Save as" to make an editable copy.',
  BUSY: 'Wait for running jobs to finish or cancel them.',
  CLUSTER: 'Check the executor in Settings → Compute (scheduler reachable, limits), or run the job locally.',
};

export function hintFor(code: string, detail: string | undefined): string | undefined {
  return detail ?? hints[code] ?? 'Try again; if it keeps failing, check the file.';
}
