import path from 'node:path';
import { parseArgs } from 'node:util';
import { serverLimitsFromFlags, type ServerLimits } from '../host/serving/limits';
import type { AlertRun } from '../../native-workers/host-api';
import { cliHost, UsageError } from './common';

export const serveModelUsage = `  assay serve-model FILE.assay --model NAME[@VERSION|@production|@staging] [--port N]
              [--canary NAME@VERSION --canary-percent P] [--read-only] [--allow-origin ORIGIN]…
              [--max-body-mb N (1)] [--max-log-mb N (256)] [--max-connections N (128)] [--events URL]
      serves a registered model on http://127.0.0.1:PORT (first stdout line): POST /predict,
      GET /health, GET /metrics; every prediction (its input columns only) is logged to the project
      (not with --read-only) until the log holds --max-log-mb, then counted as skipped. POST bodies
      must be Content-Type: application/json and at most --max-body-mb (16 for an image model);
      web pages cannot call it unless their origin is named with --allow-origin;
      runs until Ctrl+C / SIGTERM. A tabular model takes {"rows":[{…}]} or one row {…}; an image
      model takes {"image":"<base64 PNG/JPEG/WebP>"}, {"images":[…]} (≤ 64) or the raw bytes with
      Content-Type image/*, and answers {predictions:[{label, probabilities:{class: p}}]}.
      While it serves, the model's alert rules are evaluated on its schedule (assay monitor alerts
      --schedule; 5 min by default), each fired alert named on stderr and sent to its webhook.
      A recommender (also \`assay serve-recs\`) takes POST /recommend {"user", "k", "exclude_seen",
      "filters": {"items", "exclude"}} and POST /events {"user", "item", "weight", "recommendation_id"}
      (the user is folded in at once; events are kept in the project); --events also takes them,
      one /events body per message, from mqtt://HOST/TOPIC, nats://HOST/STREAM?durable=D,
      redis://HOST/KEY?group=G, kafka://HOST:PORT/TOPIC?group=G or kinesis://STREAM[?endpoint=URL]
      (platform messages acknowledged once applied; a new group starts at &from=, default earliest); with --canary, users are split by a hash of their
      id and GET /health reports click-through per arm (clicks: events with a recommendation_id)`;

/** A scheduled evaluation, on stderr: what fired, or why it could not run. Quiet runs say nothing. */
function reportAlertRun(name: string, outcome: AlertRun | Error): void {
  if (outcome instanceof Error) process.stderr.write(`alerts of ${name} not evaluated: ${outcome.message}\n`);
  else for (const f of outcome.fired) process.stderr.write(`ALERT ${name} rule #${f.ruleId}: ${f.metric} = ${f.value} ${f.op} ${f.threshold} (${f.rows} rows)\n`);
}

/** Serves until a signal; the URL is the first line on stdout, so scripts can read it. */
export async function cmdServeModel(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      port: { type: 'string' },
      canary: { type: 'string' },
      'canary-percent': { type: 'string' },
      'read-only': { type: 'boolean' },
      'allow-origin': { type: 'string', multiple: true },
      'max-body-mb': { type: 'string' },
      'max-log-mb': { type: 'string' },
      'max-connections': { type: 'string' },
      events: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('assay serve-model takes one FILE.assay');
  if (!values.model) throw new UsageError('assay serve-model needs --model NAME[@VERSION]');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, not ${values.port}`);
  if ((values.canary === undefined) !== (values['canary-percent'] === undefined)) throw new UsageError('--canary and --canary-percent go together');
  const percent = values['canary-percent'] === undefined ? 0 : Number(values['canary-percent']);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new UsageError(`--canary-percent must be 0..100, not ${values['canary-percent']}`);

  // The service's own check, before the project opens: a bad limit is a usage error with the same sentence.
  let limits: ServerLimits;
  try {
    limits = serverLimitsFromFlags(values);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }

  const host = cliHost({ alertSchedule: { onRun: reportAlertRun } });
  try {
    host.openProject(path.resolve(positionals[0]!), values['read-only'] === true);
    const { info } = await host.serving.start({
      model: values.model,
      port,
      ...(values.canary !== undefined ? { canary: { model: values.canary, percent } } : {}),
      ...(values.events !== undefined ? { events: values.events } : {}),
      ...limits,
    });
    process.stdout.write(`${info.url}\n`);
    const versions = [`${info.primary.model} v${info.primary.version}`, ...(info.candidate ? [`${info.candidate.model} v${info.candidate.version} (${percent}%)`] : [])];
    process.stderr.write(`serving ${versions.join(' + ')}; ${info.logging ? 'predictions are logged to the project' : 'read-only project: predictions are not logged'}\n`);
    if (info.events) process.stderr.write(`events from ${info.events.url}: ${info.events.state}${info.events.detail ? ` (${info.events.detail})` : ''}\n`);
  } catch (err) {
    await host.close();
    throw err;
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  // Stopping flushes the prediction log into the project before it closes.
  await host.close();
}
