import { useMemo } from 'react';
import { runLabel, runNumbers } from '../../lib/run-number';
import { useImageRuns } from './slice';

/** `#N` for an image run: its place among the project's image runs (renderer/lib/run-number.ts). */
export function useImageRunLabel(): (runId: number) => string {
  const runs = useImageRuns();
  const numbers = useMemo(() => runNumbers(runs.map((r) => r.runId)), [runs]);
  return (runId) => runLabel(numbers, runId);
}
