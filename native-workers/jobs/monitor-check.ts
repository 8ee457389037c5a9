/**
 * Check now as a job (#16): the model's alert rules evaluated with drift over
 * its log windows, in a worker process so a long serving log never blocks the
 * host (a model server shares its event loop). Progress per window checked;
 * a cancel stops between windows and cuts a webhook's retries short.
 */
import { evaluateModelAlerts } from '../monitor/alerts';
import { logDriftMetrics } from '../monitor/drift-metrics';
import { connect } from '../project/open';
import type { MonitorCheckJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';

export async function runMonitorCheck(spec: MonitorCheckJobSpec, ctx: JobContext): Promise<{ fired: number; holding: number }> {
  const db = connect(spec.projectPath, false);
  try {
    const title = `Checking ${spec.model}`;
    ctx.progress({ kind: 'monitor-check', value: 0, title, detail: 'Drift of the log windows against the reference' }, true);
    const drift = logDriftMetrics(db, spec.model, { store: true });
    let windows = 0;
    const run = await evaluateModelAlerts(db, spec.model, {
      signal: ctx.signal,
      extra: (w) => {
        ctx.checkCancelled();
        const metrics = drift(w);
        windows++;
        // The windows' count is known only as the rules ask for them: the bar moves toward 1 without reaching it.
        ctx.progress({ kind: 'monitor-check', value: 1 - 1 / (windows + 1), title, detail: `${windows} window${windows === 1 ? '' : 's'} checked` });
        return metrics;
      },
    });
    ctx.checkCancelled();
    ctx.progress({ kind: 'monitor-check', value: 1, title, detail: `${run.fired.length} fired, ${run.holding.length} holding` }, true);
    return { fired: run.fired.length, holding: run.holding.length };
  } finally {
    db.close();
  }
}
