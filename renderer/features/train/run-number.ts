import { useMemo } from 'react';
import { useRunsById } from './slice';

/**
 * The number a training run is shown with: its place among this project's training runs
 * (1 for the first). Run ids are shared with imports and profiles (the `runs` table holds every
 * job), so "#3" on a first training run read as if two had gone missing. Training runs are
 * never deleted, so a run keeps its number.
 */
export function trainRunNumbers(runIds: Iterable<number>): ReadonlyMap<number, number> {
  const sorted = [...runIds].sort((a, b) => a - b);
  return new Map(sorted.map((id, i) => [id, i + 1]));
}

/** `#N` for a training run (its id until the run list has it). */
export function useRunLabel(): (runId: number) => string {
  const byId = useRunsById();
  const numbers = useMemo(() => trainRunNumbers(Object.keys(byId).map(Number)), [byId]);
  return (runId) => `#${numbers.get(runId) ?? runId}`;
}
