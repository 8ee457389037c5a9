/**
 * `assay monitor pull`: an exported server's NDJSON logs imported into the
 * project. Idempotent: a prediction is stored once per id, a refused request
 * once per request id, a label once per prediction, an unreadable line once
 * per (file, line) — the same log pulled twice stores nothing twice. A last
 * line without its newline is still being written: it is left for the next pull.
 */
import type { Db } from '../../../native-workers/project/open';
import { predictionInserter, servingEventInserter, type LoggedPrediction, type ServingEvent } from '../../../native-workers/project/predictions';
import { keepLogRejects, recordFeedback, type FeedbackItem, type FeedbackOutcome, type LogReject } from '../../../native-workers/project/feedback';
import { parseLogLine } from '../../../native-workers/ml/monitor-feedback';
import type { LogFile } from '../../../native-workers/host-api';

export interface PullSummary {
  readonly files: number;
  readonly lines: number;
  readonly predictions: { readonly read: number; readonly stored: number };
  readonly refused: { readonly read: number; readonly stored: number };
  readonly feedback: FeedbackOutcome;
  /** Unreadable lines: all of them, and those kept aside for the first time. */
  readonly malformed: { readonly count: number; readonly kept: number };
  /** Lines of another model's server (a shared log folder): not imported. */
  readonly otherModel: number;
  /** A last line still being written: read on the next pull. */
  readonly incomplete: number;
}

/** Imports the logs of model `name`; predictions and refusals first, then labels (a label may come in a later file than its prediction). */
export async function pullLogs(db: Db, name: string, files: readonly LogFile[], signal: AbortSignal, now = Date.now()): Promise<PullSummary> {
  const insertPredictions = predictionInserter(db);
  const insertEvents = servingEventInserter(db);
  const labels: FeedbackItem[] = [];
  const rejects: LogReject[] = [];
  let lines = 0;
  let otherModel = 0;
  let incomplete = 0;
  const predictions = { read: 0, stored: 0 };
  const refused = { read: 0, stored: 0 };
  for (const file of files) {
    const text = await file.read(signal);
    const parts = text.split('\n');
    // The text after the last newline: '' for a complete file, else a line still being written.
    if (parts.pop() !== '') incomplete++;
    const preds: LoggedPrediction[] = [];
    const events: ServingEvent[] = [];
    parts.forEach((raw, i) => {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '') return;
      lines++;
      const parsed = parseLogLine(line);
      if ('error' in parsed) return void rejects.push({ file: file.name, line: i + 1, text: line, reason: parsed.error });
      if (parsed.model !== name) return void otherModel++;
      const at = Date.parse(parsed.time);
      if (parsed.type === 'prediction') {
        preds.push({ name, version: parsed.version, at, input: parsed.input, output: parsed.output, latencyMs: parsed.latencyMs, pid: parsed.id, requestId: parsed.request });
      } else if (parsed.type === 'rejected') {
        events.push({ name, version: parsed.version, at, status: parsed.status, reason: parsed.reason, rows: parsed.rows, latencyMs: parsed.latencyMs, eventId: parsed.id });
      } else labels.push({ id: parsed.id, label: parsed.label });
    });
    predictions.read += preds.length;
    predictions.stored += insertPredictions(preds).written;
    refused.read += events.length;
    refused.stored += insertEvents(events);
  }
  const feedback = recordFeedback(db, name, labels, now, 'pull');
  const kept = rejects.length ? keepLogRejects(db, name, rejects, new Date(now).toISOString()) : 0;
  return { files: files.length, lines, predictions, refused, feedback, malformed: { count: rejects.length, kept }, otherModel, incomplete };
}
