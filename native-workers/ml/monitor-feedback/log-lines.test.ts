import { describe, expect, it } from 'vitest';
import { formatLogLine, parseLogLine, type LogLine } from './log-lines';

const time = '2026-01-05T00:00:00.000Z';
const prediction = { type: 'prediction', id: 'r.0', request: 'r', time, model: 'm', version: 1, input: { x: 1 }, output: { value: 2 }, latencyMs: 0.5 } as const;
const feedback = { type: 'feedback', id: 'r.0', label: 'yes', time, model: 'm' } as const;
const rejected = { type: 'rejected', id: 'r', time, model: 'm', version: 1, status: 400, reason: 'bad row', rows: 3, latencyMs: 0.2 } as const;

/** A line of `base` with `field` replaced by raw JSON text (so Infinity can be written as 1e999). */
function withField(base: object, field: string, json: string): string {
  return JSON.stringify({ ...base, [field]: '@@' }).replace('"@@"', json);
}

describe('log lines', () => {
  it('reads back what it writes, for each kind of line', () => {
    for (const line of [prediction, feedback, rejected] as const) {
      const text = formatLogLine(line as LogLine);
      expect(text).not.toContain('\n');
      expect(parseLogLine(text)).toEqual(line);
    }
  });

  it('a feedback label may be text, a number or a boolean; any prediction output is kept', () => {
    for (const label of ['0', 3, 0, true, false]) expect(parseLogLine(JSON.stringify({ ...feedback, label }))).toEqual({ ...feedback, label });
    for (const output of [null, 0, 'yes', [0.1, 0.9]]) expect(parseLogLine(JSON.stringify({ ...prediction, output }))).toEqual({ ...prediction, output });
  });

  it('names each field that is missing or unusable, for each kind of line', () => {
    const cases: readonly [object, string, string][] = [
      [prediction, 'id', '""'],
      [prediction, 'id', '7'],
      [prediction, 'time', '"2026-13-45"'],
      [prediction, 'model', '""'],
      [prediction, 'request', 'null'],
      [prediction, 'version', '1.5'],
      [prediction, 'input', '[1]'],
      [prediction, 'input', 'null'],
      [prediction, 'input', '"x=1"'],
      [prediction, 'latencyMs', '"0.5"'],
      [prediction, 'latencyMs', '1e999'],
      [feedback, 'id', '""'],
      [feedback, 'time', '5'],
      [feedback, 'model', 'false'],
      [feedback, 'label', '""'],
      [feedback, 'label', 'null'],
      [feedback, 'label', '{"v":1}'],
      [feedback, 'label', '1e999'],
      [rejected, 'id', '""'],
      [rejected, 'version', '"1"'],
      [rejected, 'status', '400.5'],
      [rejected, 'reason', '""'],
      [rejected, 'rows', '2.5'],
      [rejected, 'latencyMs', '-1e999'],
    ];
    expect(cases.length).toBeGreaterThan(0);
    for (const [base, field, json] of cases) {
      const type = (base as { type: string }).type;
      expect(parseLogLine(withField(base, field, json)), `${type}.${field} = ${json}`).toEqual({ error: `${type} line without a usable ${field}` });
    }
    // A prediction without an output at all.
    const noOutput: Record<string, unknown> = { ...prediction };
    delete noOutput['output'];
    expect(parseLogLine(JSON.stringify(noOutput))).toEqual({ error: 'prediction line without a usable output' });
    // Every unusable field is named, in the order of the format.
    expect(parseLogLine(JSON.stringify({ type: 'rejected' }))).toEqual({ error: 'rejected line without a usable id, time, model, version, status, reason, rows, latencyMs' });
    expect(parseLogLine(JSON.stringify({ type: 'feedback' }))).toEqual({ error: 'feedback line without a usable id, time, model, label' });
  });

  it('refuses what is not one JSON object, and says which types it knows', () => {
    for (const text of ['[1]', 'null', '"prediction"', '5']) expect(parseLogLine(text), text).toEqual({ error: 'not a JSON object' });
    expect(parseLogLine('{"id":"r"}')).toEqual({ error: 'unknown line type null: expected prediction, feedback or rejected' });
    expect(parseLogLine('{"type":""}')).toEqual({ error: 'unknown line type "": expected prediction, feedback or rejected' });
  });
});
