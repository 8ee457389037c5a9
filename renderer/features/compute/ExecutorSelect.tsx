import { useEffect } from 'react';
import { localExecutor } from '../../../preload/contract/compute';
import { loadCompute, useComputeView } from './slice';

/**
 * Where a job runs: '' for the default executor, 'local' or a cluster executor of Train → Compute. The
 * training form and the image training form both offer it.
 */
export function ExecutorSelect({ id, value, onChange, testId }: { readonly id?: string; readonly value: string; readonly onChange: (name: string) => void; readonly testId: string }) {
  const view = useComputeView();
  useEffect(() => {
    if (!view) void loadCompute();
  }, [view]);
  const names = [localExecutor, ...(view?.settings.executors.map((e) => e.name) ?? [])];
  return (
    <select id={id} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">Default ({view?.settings.defaultExecutor ?? localExecutor})</option>
      {names.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}
