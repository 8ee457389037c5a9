import { AssayError } from '../../../preload/contract/errors';
import {
  clashSuggestions,
  duplicateNames,
  type ExportClash,
  type ExportColumnChoice,
  type ExportColumnOption,
  type RecordingExportPlan,
} from '../../../preload/contract/recording-export';
import type { RecordingInfo } from '../../../preload/contract/sensors';
import { Pipeline } from '../../../native-workers/ml/stream/pipeline';
import type { Db } from '../../../native-workers/project/open';
import { getRecording, getStream, recordingFill, tableExists, type StreamRow } from '../../../native-workers/project/streams';

/** How stored device times read: epoch milliseconds or seconds (→ datetime), or the device's own counter (→ number). */
export type DeviceTimeUnit = 'ms' | 's' | 'counter';

/** What planning learnt and writing needs: the recordings, their streams, how device times read, the plan. */
export interface ExportSource {
  readonly recordings: readonly RecordingInfo[];
  readonly streams: ReadonlyMap<number, StreamRow>;
  readonly deviceTime: DeviceTimeUnit;
  readonly plan: RecordingExportPlan;
}

// Epoch seconds from 2001 on, epoch milliseconds from 1973 on; smaller numbers are a device's uptime counter.
const epochSeconds = 1e9;
const epochMs = 1e11;

function deviceTimeUnit(min: number | null, max: number | null): DeviceTimeUnit {
  if (min === null || max === null) return 'counter';
  if (min >= epochMs) return 'ms';
  if (min >= epochSeconds && max < epochMs) return 's';
  return 'counter';
}

/** The stream's pipeline as stored, validation and analytics included: their outputs are columns to offer. */
export function wholePipeline(stream: StreamRow): Pipeline {
  return new Pipeline(stream.pipeline, stream.fields);
}

/**
 * Reads the recordings' fill (how many readings hold each field and a device
 * time) and offers one column per output: times, fields, derived channels,
 * statistics, the invalid flag and its reasons, the label. A column empty in
 * every reading is offered unticked; a source field named like one of the
 * recording's own columns is a clash the user resolves by renaming one.
 */
export function planExport(db: Db, recordingIds: readonly number[]): ExportSource {
  if (recordingIds.length === 0) throw new AssayError('BAD_INPUT', 'Pick at least one recording to export.');
  const recordings = recordingIds.map((id) => getRecording(db, id));
  const streams = new Map(recordings.map((r) => [r.streamId, getStream(db, r.streamId)]));
  const pipelines = new Map([...streams].map(([id, s]) => [id, wholePipeline(s)]));

  let readings = 0;
  let deviceTimes = 0;
  let dtMin: number | null = null;
  let dtMax: number | null = null;
  const filled = new Set<string>();
  for (const rec of recordings) {
    const stream = streams.get(rec.streamId);
    if (!stream || !tableExists(db, stream.tableName)) continue;
    const fill = recordingFill(db, stream, rec.id);
    readings += fill.readings;
    deviceTimes += fill.deviceTimes;
    if (fill.deviceTimeMin !== null) dtMin = dtMin === null ? fill.deviceTimeMin : Math.min(dtMin, fill.deviceTimeMin);
    if (fill.deviceTimeMax !== null) dtMax = dtMax === null ? fill.deviceTimeMax : Math.max(dtMax, fill.deviceTimeMax);
    stream.fields.forEach((f, i) => {
      if ((fill.fieldValues[i] ?? 0) > 0) filled.add(f.name);
    });
  }
  const deviceTime = deviceTimeUnit(dtMin, dtMax);
  const empty = 'empty in every reading';

  const columns: ExportColumnOption[] = [
    { key: 'recording:host_time', name: 'host_time', kind: 'time', type: 'datetime', checked: true, note: 'when the host received the reading (UTC)' },
    {
      key: 'recording:device_time',
      name: 'device_time',
      kind: 'time',
      type: deviceTime === 'counter' ? 'number' : 'datetime',
      checked: deviceTimes > 0,
      note: deviceTimes === 0 ? `${empty}: the stream names no device time field` : deviceTime === 'counter' ? "the device's own counter" : "the device's clock (UTC)",
    },
  ];
  const seen = new Set<string>();
  let validates = false;
  let flagsAnything = false;
  for (const [streamId, pipeline] of pipelines) {
    const stream = streams.get(streamId);
    if (!stream) continue;
    const base = new Set(stream.fields.map((f) => f.name));
    const derived = new Set(stream.pipeline.transforms.flatMap((t) => (t.kind === 'derived' ? [t.name] : [])));
    validates ||= stream.pipeline.validation.length > 0;
    flagsAnything ||= stream.pipeline.validation.length > 0 || stream.pipeline.analytics.some((a) => a.kind === 'zscore' || a.kind === 'rate-of-change');
    for (const name of pipeline.outputFields()) {
      if (seen.has(name)) continue;
      seen.add(name);
      const key = `field:${name}`;
      if (base.has(name)) {
        const has = filled.has(name);
        columns.push({ key, name, kind: 'field', type: 'number', checked: has, ...(has ? {} : { note: empty }) });
      } else if (derived.has(name)) {
        columns.push({ key, name, kind: 'derived', type: 'number', checked: true, note: 'derived in the pipeline' });
      } else {
        // "temp.mean" → "temp_mean": a dot in a column name trips most tools that read the dataset later.
        columns.push({ key, name: name.replaceAll('.', '_'), kind: 'statistic', type: 'number', checked: true, note: `the pipeline's ${name}` });
      }
    }
  }
  if (validates) columns.push({ key: 'recording:invalid', name: 'invalid', kind: 'validation', type: 'boolean', checked: true, note: 'a validation rule failed' });
  if (flagsAnything) columns.push({ key: 'recording:flags', name: 'flags', kind: 'validation', type: 'text', checked: true, note: 'why the reading was flagged' });
  columns.push({ key: 'recording:label', name: 'label', kind: 'label', type: 'text', checked: true, note: "the recording's label" });

  const clashes: ExportClash[] = [];
  for (const own of columns.filter((c) => c.key.startsWith('recording:'))) {
    for (const field of columns.filter((c) => c.key.startsWith('field:') && c.name.toLowerCase() === own.name.toLowerCase())) {
      clashes.push({ name: own.name, keys: [field.key, own.key], suggested: clashSuggestions(own.name) });
    }
  }
  return { recordings, streams, deviceTime, plan: { columns, clashes, readings } };
}

/** What `--rename` looks like for a clash, for the error a command line gets. */
function renameHint(c: ExportClash): string {
  return `--rename ${c.keys[0]}=${c.suggested[0]} (the source field) or --rename ${c.keys[1]}=${c.suggested[1]} (the recording's column)`;
}

/**
 * The columns to write, in order: those asked for, or the plan's ticked ones.
 * Refuses unknown keys, empty names and names used twice, saying how to fix it.
 */
export function chooseColumns(plan: RecordingExportPlan, asked: readonly ExportColumnChoice[] | undefined): ExportColumnOption[] {
  const byKey = new Map(plan.columns.map((c) => [c.key, c]));
  const choices = asked ?? plan.columns.filter((c) => c.checked).map((c) => ({ key: c.key, name: c.name }));
  if (choices.length === 0) throw new AssayError('BAD_INPUT', 'Choose at least one column to export.');
  const chosen = choices.map((c) => {
    const option = byKey.get(c.key);
    if (!option) throw new AssayError('BAD_INPUT', `No column "${c.key}" to export; the recordings offer ${plan.columns.map((o) => o.key).join(', ')}.`);
    if (c.name.trim() === '') throw new AssayError('BAD_INPUT', `The column "${c.key}" needs a name.`);
    return { ...option, name: c.name.trim() };
  });
  const twice = duplicateNames(chosen);
  if (twice.length > 0) {
    const open = plan.clashes.filter((c) => twice.some((n) => n.toLowerCase() === c.name.toLowerCase()));
    const how = open.length > 0 ? ` Rename one of them: ${open.map(renameHint).join('; ')}.` : ' Give each column its own name.';
    const what = open.length > 0 ? `The source has a field named "${open[0].name}", like the recording's own column.` : `Column names used twice: ${twice.join(', ')}.`;
    throw new AssayError('BAD_INPUT', `${what}${how}`);
  }
  return chosen;
}
