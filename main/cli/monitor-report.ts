import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { monitorOverview } from '../host/monitor/overview';
import { reportHtml } from '../host/monitor/report';
import { UsageError } from './common';
import { withModelProject } from './monitor-project';

export const monitorReportUsage = `  assay monitor report FILE.assay MODEL [--version V] [--window 1d|1h|1w|N (1d)] --out report.html
      one self-contained HTML file (no script, no network: plots drawn as SVG inside it) with what the
      Monitoring page shows: status, drift per column over windows of the serving log (a heat map), each
      column's test, statistic and threshold, realized and estimated performance over time, alert rules
      and what fired. Without --version: the production version, else the latest`;

export async function cmdMonitorReport(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { version: { type: 'string' }, window: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('assay monitor report takes FILE.assay and a model NAME');
  if (!values.out) throw new UsageError('assay monitor report needs --out report.html');
  const [file, model] = positionals as [string, string];
  const version = values.version === undefined ? undefined : Number(values.version);
  if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new UsageError(`--version takes a version number (1, 2, …), not ${values.version}`);
  const out = path.resolve(values.out);
  if (!fs.existsSync(path.dirname(out))) throw new UsageError(`--out: the folder ${path.dirname(out)} does not exist`);
  // Read-only: a report changes nothing (a reference built on first use is not kept).
  const html = await withModelProject(file, model, false, (db) =>
    reportHtml(monitorOverview(db, { model: version === undefined ? model : `${model}@${version}`, ...(values.window !== undefined ? { window: values.window } : {}) }, { store: false })),
  );
  fs.writeFileSync(out, html);
  process.stdout.write(values.json ? `${JSON.stringify({ out, bytes: Buffer.byteLength(html) })}\n` : `wrote ${out} (${Buffer.byteLength(html).toLocaleString('en-US')} bytes)\n`);
}
