import { parseArgs } from 'node:util';
import { feedbackFromCsv } from '../host/monitor/feedback-csv';
import { UsageError } from './common';
import { print, withModelProject } from './monitor-project';

export const feedbackUsage = `  assay feedback FILE.assay --model NAME CSV --id-column C --label-column L [--json]
      joins true labels to logged predictions by their id (what /predict answered); prints
      stored / duplicate (already labelled: the first label counts) / unknown (no such logged
      prediction: nothing stored) counts`;

export async function cmdFeedback(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { model: { type: 'string' }, 'id-column': { type: 'string' }, 'label-column': { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 2) throw new UsageError('assay feedback takes FILE.assay and a CSV of labels');
  if (!values.model) throw new UsageError('assay feedback needs --model NAME');
  if (!values['id-column'] || !values['label-column']) throw new UsageError('assay feedback needs --id-column C and --label-column L (the CSV columns holding the prediction id and its true label)');
  const [file, csv] = positionals as [string, string];
  const r = await withModelProject(file, values.model, true, (db) => feedbackFromCsv(db, values.model!, csv, values['id-column']!, values['label-column']!));
  print(
    values.json,
    { model: values.model, rows: r.rows, joined: r.stored, duplicate: r.duplicate, unknown: r.unknown, blank: r.blank, unknownIds: r.unknownIds },
    `${values.model}: ${r.stored} labels joined, ${r.duplicate} duplicate, ${r.unknown} unknown ids${r.blank ? `, ${r.blank} rows without id or label` : ''}` +
      (r.unknown ? `\n  unknown (first ${r.unknownIds.length}): ${r.unknownIds.join(', ')}` : ''),
  );
}
