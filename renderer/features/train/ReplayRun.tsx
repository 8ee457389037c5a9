import { reportError } from '../toasts';
import { cancelReplay, replayRun, useReplayStore, type ReplayKind } from './replay';
import './train.css';
import { plural } from '../../../preload/contract';

/**
 * "Replay" on a finished run: the host re-runs it from its stored spec and seed on a
 * temporary copy of the project (the file is never changed, so a read-only project can be
 * replayed too) and reports whether every number came out the same.
 */
export function ReplayRun({ runId, kind }: { readonly runId: number; readonly kind: ReplayKind }) {
  const state = useReplayStore((s) => s[runId]);
  if (state?.status === 'running')
    return (
      <div className="replay-run" data-testid="replay" data-status="running">
        <span className="muted" data-testid="replay-progress">
          Replaying on a copy…{state.foldsTotal > 0 ? ` ${state.foldsDone} of ${state.foldsTotal} folds` : ''}
        </span>
        <button type="button" data-testid="replay-cancel" onClick={() => void cancelReplay(runId, kind).catch(reportError)}>
          Cancel
        </button>
      </div>
    );
  return (
    <div className="replay-run" data-testid="replay" data-status={state?.status ?? 'idle'}>
      {state?.status === 'done' && state.report.identical && (
        <span className="replay-ok" data-testid="replay-result">
          ✓ Replayed: identical ({plural(state.report.compared, 'value')} compared)
        </span>
      )}
      {state?.status === 'done' && !state.report.identical && (
        <details className="replay-diff" data-testid="replay-result" open>
          <summary>
            Replayed with {state.report.differences.length} difference{state.report.differences.length === 1 ? '' : 's'}
          </summary>
          <ul>
            {state.report.differences.map((d) => (
              <li key={d.what}>
                {d.what}: stored {d.stored}, replayed {d.replayed}
              </li>
            ))}
          </ul>
        </details>
      )}
      {state?.status === 'failed' && (
        <span className={state.cancelled ? 'muted' : 'replay-failed'} data-testid="replay-result">
          {state.cancelled ? 'Replay cancelled.' : state.message}
        </span>
      )}
      <button type="button" data-testid="replay-start" title="Re-run from the stored spec and seed on a copy of the project, and compare every number" onClick={() => void replayRun(runId, kind)}>
        {state ? 'Replay again' : 'Replay'}
      </button>
    </div>
  );
}
