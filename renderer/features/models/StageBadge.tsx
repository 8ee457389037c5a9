import type { Stage } from '../../../preload/contract/registry';

const tones: Readonly<Record<Stage, string>> = { production: 'ok', staging: 'info', none: 'muted' };

export function StageBadge({ stage }: { readonly stage: Stage }) {
  return (
    <span className={`state-badge stage-badge tone-${tones[stage]}`} data-testid="stage-badge" data-stage={stage}>
      {stage === 'none' ? 'no stage' : stage}
    </span>
  );
}
