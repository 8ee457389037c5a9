/**
 * The number a run is shown with: its place among this project's runs of the same kind (1 for
 * the first training run, 1 for the first image run). Run ids are shared with imports and
 * profiles (the `runs` table holds every job), so "#3" on a first training run read as if two had
 * gone missing. Runs are never deleted, so a run keeps its number.
 */
export function runNumbers(runIds: Iterable<number>): ReadonlyMap<number, number> {
  const sorted = [...runIds].sort((a, b) => a - b);
  return new Map(sorted.map((id, i) => [id, i + 1]));
}

/** `#N` for a run in `numbers` (its id until its list has been loaded). */
export function runLabel(numbers: ReadonlyMap<number, number>, runId: number): string {
  return `#${numbers.get(runId) ?? runId}`;
}
