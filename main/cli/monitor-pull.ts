import { parseArgs } from 'node:util';
import { listLogFiles } from '../../native-workers/host-api';
import { pullLogs } from '../host/monitor/pull';
import { UsageError } from './common';
import { print, withModelProject } from './monitor-project';

export const monitorPullUsage = `  assay monitor pull FILE.assay --model NAME --from DIR|s3://BUCKET/PREFIX|azure://CONTAINER/PREFIX [--json]
      imports an exported server's NDJSON prediction logs (*.ndjson: predictions, refused requests,
      feedback); the same log twice stores nothing twice; unreadable lines are kept aside with
      their reason. S3 and Azure credentials as for assay export`;

export async function cmdMonitorPull(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { model: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('assay monitor pull takes one FILE.assay');
  if (!values.model) throw new UsageError('assay monitor pull needs --model NAME');
  if (!values.from) throw new UsageError('assay monitor pull needs --from DIR|s3://BUCKET/PREFIX|azure://CONTAINER/PREFIX');
  const model = values.model;
  const signal = new AbortController().signal;
  const s = await withModelProject(positionals[0]!, model, true, async (db) => pullLogs(db, model, await listLogFiles(values.from!, process.env, signal), signal));
  print(
    values.json,
    { model, ...s },
    `${model}: ${s.files} log files, ${s.lines} lines; predictions ${s.predictions.stored} new of ${s.predictions.read}; refused requests ${s.refused.stored} new of ${s.refused.read}; ` +
      `feedback ${s.feedback.stored} stored, ${s.feedback.duplicate} duplicate, ${s.feedback.unknown} unknown ids; ${s.malformed.count} malformed lines (${s.malformed.kept} newly kept aside)` +
      (s.otherModel ? `; ${s.otherModel} lines of other models skipped` : '') +
      (s.incomplete ? `; ${s.incomplete} lines still being written (read next time)` : ''),
  );
}
