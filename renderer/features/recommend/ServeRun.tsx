import { useEffect, useState } from 'react';
import { nameProblem } from '../models';
import { useReadOnly } from '../project';
import { reportError } from '../toasts';
import { findServedRun, serveRun, stopServedRun, type ServedRun } from './actions';
import { recommendCurl } from './serve-model';
import { useRecommendStore } from './slice';

/**
 * "Serve" on a recommender run: registers it (under the name given, unless it already has a
 * version) and starts a model server for it, then shows the endpoint and a curl line that works
 * as shown. The Serve area shows the same server with its live figures and A/B split.
 */
export function ServeRun({ runId, defaultName }: { readonly runId: number; readonly defaultName: string }) {
  const readOnly = useReadOnly();
  const tryUser = useRecommendStore((s) => s.tryUser);
  const tried = useRecommendStore((s) => s.tried);
  const [served, setServed] = useState<ServedRun | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    void findServedRun(runId)
      .then((s) => live && setServed(s))
      .catch(reportError);
    return () => {
      live = false;
    };
  }, [runId]);
  const invalid = nameProblem(defaultName);
  const act = async (what: () => Promise<ServedRun | null>): Promise<void> => {
    setBusy(true);
    try {
      setServed(await what());
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  if (!served)
    return (
      <button
        type="button"
        className="primary"
        data-testid="recs-serve"
        disabled={busy || invalid !== null}
        title={invalid ?? (readOnly ? 'Serves a registered version of this run; registering one needs an editable copy.' : `Registers this run as ${defaultName} (unless it already is) and serves it on 127.0.0.1`)}
        onClick={() => void act(() => serveRun(runId, defaultName))}
      >
        {busy ? 'Starting…' : 'Serve'}
      </button>
    );
  const user = tryUser.trim() || tried?.exampleUsers[0] || 'someone';
  return (
    <section className="recs-served" data-testid="recs-served">
      <div className="recs-served-head">
        <span>
          Serving <strong data-testid="recs-served-ref">{served.ref}</strong> at{' '}
          <code data-testid="recs-served-url">{served.url}</code>
        </span>
        <button type="button" data-testid="recs-serve-stop" disabled={busy} onClick={() => void act(() => stopServedRun(served.serverId).then(() => null))}>
          Stop
        </button>
      </div>
      <pre className="sample" data-testid="recs-served-curl">
        {recommendCurl(served.url, user)}
      </pre>
    </section>
  );
}
