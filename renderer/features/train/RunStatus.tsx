import type { TrainStatus } from '../../../preload/contract/train';

const tones: Readonly<Record<TrainStatus, string>> = { running: 'info', succeeded: 'ok', failed: 'danger', cancelled: 'warn' };

export function RunStatus({ status }: { readonly status: TrainStatus }) {
  return (
    <span className={`state-badge tone-${tones[status]}`} data-testid="run-status" data-status={status}>
      {status === 'running' && <span className="live-dot" aria-hidden="true" />}
      {status}
    </span>
  );
}
