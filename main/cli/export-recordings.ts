/**
 * assay export-recordings FILE.assay RECORDING_ID... (--name NAME [--rename KEY=NAME]... [--without KEY]... | --list-columns) [--json]
 * The app's recording export from a script: the same plan, the same refusals.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportColumnChoice, RecordingExportPlan } from '../../preload/contract/recording-export';
import { cliHost, UsageError } from './common';

export const exportRecordingsUsage = `  assay export-recordings FILE.assay RECORDING_ID... (--name NAME [--rename KEY=NAME]... [--without KEY]... | --list-columns) [--json]
      writes recordings into a new dataset: host_time (and device_time) as datetimes, every field after the
      stream's pipeline, derived channels, statistics, invalid and flags, the label; a column empty in every
      reading is left out; --rename renames a column by its key (field:NAME or recording:label, …), which a
      source field named like a recording column needs; --without leaves a column out; --list-columns prints the keys`;

/** --rename KEY=NAME, split at the last "=" (a field's name may hold one, the new name may not). */
function parseRename(text: string): [string, string] {
  const at = text.lastIndexOf('=');
  if (at <= 0 || at === text.length - 1) throw new UsageError(`--rename takes KEY=NAME (e.g. field:label=label_source), not ${text}`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** The plan's ticked columns with renames and omissions applied; a key the plan lacks is refused with the keys it has. */
export function columnsFromFlags(plan: RecordingExportPlan, renames: readonly string[], without: readonly string[]): ExportColumnChoice[] {
  const keys = new Set(plan.columns.map((c) => c.key));
  const unknown = (k: string): UsageError => new UsageError(`no column ${k}; these recordings offer ${[...keys].join(', ')}`);
  const renamed = new Map(renames.map(parseRename));
  for (const k of [...renamed.keys(), ...without]) if (!keys.has(k)) throw unknown(k);
  const dropped = new Set(without);
  return plan.columns.filter((c) => c.checked && !dropped.has(c.key)).map((c) => ({ key: c.key, name: renamed.get(c.key) ?? c.name }));
}

export async function cmdExportRecordings(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      rename: { type: 'string', multiple: true },
      without: { type: 'string', multiple: true },
      'list-columns': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length < 2) throw new UsageError('assay export-recordings takes FILE.assay and one or more RECORDING_IDs');
  const recordingIds = positionals.slice(1).map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`RECORDING_ID must be a recording number, not ${p}`);
    return n;
  });
  const listing = values['list-columns'] === true;
  if (!listing && !values.name) throw new UsageError('assay export-recordings needs --name NAME');
  const host = cliHost();
  try {
    host.openProject(path.resolve(positionals[0]!), listing);
    const plan = (await host.dispatch('recording:export-plan', { recordingIds })) as RecordingExportPlan;
    if (listing) {
      const text = plan.columns.map((c) => `${c.checked ? '+' : '-'} ${c.key.padEnd(28)} ${c.name.padEnd(20)} ${c.type.padEnd(9)} ${c.note ?? ''}`.trimEnd()).join('\n');
      process.stdout.write(values.json ? `${JSON.stringify(plan)}\n` : `${text}\n`);
      return;
    }
    const columns = columnsFromFlags(plan, values.rename ?? [], values.without ?? []);
    const { datasetId } = (await host.dispatch('recording:export', { recordingIds, name: values.name ?? '', columns })) as { datasetId: number };
    const out = { datasetId, name: values.name, rows: plan.readings, columns: columns.map((c) => c.name) };
    process.stdout.write(values.json ? `${JSON.stringify(out)}\n` : `exported ${out.rows} readings into dataset ${datasetId} "${out.name}" (${out.columns.join(', ')})\n`);
  } finally {
    await host.close();
  }
}
