import { parseArgs } from 'node:util';
import { addAlertRule, alertHistory, checkEvery, listAlertRules, removeAlertRule, setCheckEvery, type StoredAlertRule } from '../../native-workers/project/alerts';
import { parseCondition, parseDuration, parseWindow } from '../../native-workers/ml/monitor-feedback';
import { checkWebhookUrl, evaluateModelAlerts } from '../../native-workers/host-api';
import { UsageError } from './common';
import { print, withModelProject } from './monitor-project';

export const monitorAlertsUsage = `  assay monitor alerts FILE.assay --model NAME (--add 'METRIC > X' --window 1d|6h|1w|N [--min-rows N (100)]
                       [--cooldown 1h (1h)] [--webhook URL] | --list | --remove ID | --history | --evaluate
                       | --schedule 5m|off) [--json]
      alert rules per model: METRIC is accuracy, precision, recall, f1, roc_auc, rmse, mae, r2 (labelled
      predictions), requests, p50_ms, p99_ms, errors, error_rate, rejected, rejected_rate, missing_rate,
      missing_rate:COLUMN (operations), or a drift metric; > >= < <=. --evaluate checks the rules now
      and POSTs each fired alert to its webhook (retried with backoff; every attempt recorded).
      --schedule: how often the app, assay serve and assay serve-model evaluate the rules while they
      serve the model (default 5m; off: never; --list shows it)`;

function ruleLine(r: StoredAlertRule): string {
  return `  #${r.id} ${r.metric} ${r.op} ${r.threshold} over ${r.window}, min ${r.minRows} rows, cooldown ${r.cooldownMs / 60_000} min${r.webhook ? ` → ${r.webhook}` : ''}`;
}

function usageOf<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export async function cmdMonitorAlerts(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      add: { type: 'string' },
      window: { type: 'string' },
      'min-rows': { type: 'string' },
      cooldown: { type: 'string' },
      webhook: { type: 'string' },
      list: { type: 'boolean' },
      remove: { type: 'string' },
      history: { type: 'boolean' },
      evaluate: { type: 'boolean' },
      schedule: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('assay monitor alerts takes one FILE.assay');
  if (!values.model) throw new UsageError('assay monitor alerts needs --model NAME');
  const actions = [values.add !== undefined, values.list, values.remove !== undefined, values.history, values.evaluate, values.schedule !== undefined].filter(Boolean).length;
  if (actions !== 1) throw new UsageError('assay monitor alerts takes one of --add, --list, --remove, --history, --evaluate, --schedule');
  const model = values.model;
  const file = positionals[0]!;

  if (values.add !== undefined) {
    if (!values.window) throw new UsageError("--add needs --window (1d, 6h, 1w, or a number of predictions)");
    const cond = usageOf(() => parseCondition(values.add!));
    const window = usageOf(() => parseWindow(values.window!)).text;
    const minRows = values['min-rows'] === undefined ? 100 : Number(values['min-rows']);
    if (!Number.isInteger(minRows) || minRows < 1) throw new UsageError(`--min-rows takes a whole number ≥ 1, not ${values['min-rows']}`);
    const cooldownMs = usageOf(() => parseDuration(values.cooldown ?? '1h'));
    const webhook = values.webhook === undefined ? null : usageOf(() => checkWebhookUrl(values.webhook!));
    const rule = await withModelProject(file, model, true, (db) => addAlertRule(db, { name: model, ...cond, window, minRows, cooldownMs, webhook }, new Date().toISOString()));
    return print(values.json, rule, `added rule\n${ruleLine(rule)}`);
  }
  if (values.remove !== undefined) {
    const id = Number(values.remove.replace(/^#/, ''));
    if (!Number.isInteger(id) || id < 1) throw new UsageError(`--remove takes a rule id (see --list), not ${values.remove}`);
    const removed = await withModelProject(file, model, true, (db) => removeAlertRule(db, model, id));
    if (!removed) throw new UsageError(`${model} has no alert rule #${id}; see assay monitor alerts ${file} --model ${model} --list`);
    return print(values.json, { removed: id }, `removed rule #${id}`);
  }
  if (values.schedule !== undefined) {
    const text = values.schedule;
    const ms = text === 'off' ? 0 : usageOf(() => parseDuration(text));
    if (ms !== 0 && ms < 1000) throw new UsageError(`--schedule takes 1s or more (or off), not ${text}`);
    await withModelProject(file, model, true, (db) => setCheckEvery(db, model, ms, new Date().toISOString()));
    return print(values.json, { checkEveryMs: ms }, ms ? `${model}: alert rules are evaluated every ${text} while it is served` : `${model}: alert rules are not evaluated while it is served (assay monitor check still evaluates them)`);
  }
  if (values.list) {
    const { rules, every } = await withModelProject(file, model, false, (db) => ({ rules: listAlertRules(db, model), every: checkEvery(db, model) }));
    const schedule = every ? `evaluated every ${every / 1000} s while served` : 'not evaluated while served';
    return print(values.json, rules, rules.length ? `${model}: ${rules.length} alert rules, ${schedule}\n${rules.map(ruleLine).join('\n')}` : `${model} has no alert rules; add one with --add 'METRIC > X' --window 1d`);
  }
  if (values.history) {
    const h = await withModelProject(file, model, false, (db) => alertHistory(db, model));
    const line = (e: (typeof h)[number]): string =>
      `  ${new Date(e.firedAt).toISOString()} rule #${e.ruleId} ${e.metric} = ${e.value} (threshold ${e.threshold}, ${e.rows} rows)` +
      (e.deliveries.length ? `; webhook ${e.deliveries.some((d) => d.status !== null && d.status < 300) ? 'delivered' : 'failed'} after ${e.deliveries.length} attempts` : '');
    return print(values.json, h, h.length ? h.map(line).join('\n') : `${model}: no alert has fired`);
  }
  const run = await withModelProject(file, model, true, (db) => evaluateModelAlerts(db, model));
  print(
    values.json,
    run,
    run.fired.length
      ? run.fired.map((f) => `FIRED rule #${f.ruleId}: ${f.metric} = ${f.value} ${f.op} ${f.threshold} (${f.rows} rows)${f.delivered === null ? '' : f.delivered ? ', webhook delivered' : ', webhook FAILED (recorded)'}`).join('\n')
      : `${model}: no alert fired`,
  );
}
