import { useMemo } from 'react';
import { runLabel, runNumbers } from '../../lib/run-number';
import { useRunsById } from './slice';

/** `#N` for a training run: its place among the project's training runs (renderer/lib/run-number.ts). */
export function useRunLabel(): (runId: number) => string {
  const byId = useRunsById();
  const numbers = useMemo(() => runNumbers(Object.keys(byId).map(Number)), [byId]);
  return (runId) => runLabel(numbers, runId);
}
