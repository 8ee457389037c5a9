import type { StreamState } from '../../../preload/contract';
import { stateTone } from './status-format';

export function StateBadge({ state }: { readonly state: StreamState | null }) {
  const shown = state ?? 'stopped';
  return (
    <span className={`state-badge tone-${stateTone(shown)}`} data-testid="stream-state" data-state={shown}>
      {shown === 'live' && <span className="live-dot" aria-hidden="true" />}
      {shown}
    </span>
  );
}
