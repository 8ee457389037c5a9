/**
 * `assay feedback`: true labels from a CSV joined to logged predictions by id.
 * Ids the log does not hold are counted and not stored; a label for a
 * prediction that has one already is a duplicate (the first one counts).
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import { AssayError } from '../../../preload/contract/errors';
import type { Db } from '../../../native-workers/project/open';
import { recordFeedback, type FeedbackItem, type FeedbackOutcome } from '../../../native-workers/project/feedback';

export interface FeedbackCsvSummary extends FeedbackOutcome {
  readonly rows: number;
  /** Rows with an empty id or label: not counted as feedback. */
  readonly blank: number;
}

export function feedbackFromCsv(db: Db, name: string, file: string, idColumn: string, labelColumn: string, now = Date.now()): FeedbackCsvSummary {
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  const columns = parsed.meta.fields ?? [];
  for (const c of [idColumn, labelColumn]) {
    if (!columns.includes(c)) throw new AssayError('BAD_INPUT', `${file} has no column "${c}"; its columns are: ${columns.join(', ')}.`);
  }
  const items: FeedbackItem[] = [];
  let blank = 0;
  for (const row of parsed.data) {
    const id = (row[idColumn] ?? '').trim();
    const label = (row[labelColumn] ?? '').trim();
    if (id === '' || label === '') blank++;
    else items.push({ id, label });
  }
  return { rows: parsed.data.length, blank, ...recordFeedback(db, name, items, now, `csv:${file}`) };
}
