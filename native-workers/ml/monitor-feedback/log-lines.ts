/**
 * The exported server's NDJSON prediction log, one JSON object a line, written
 * by server.js (export/server/ndjson-log.ts) and read back by
 * `assay monitor pull`. Both sides use these shapes, so the format has one
 * definition:
 *   {"type":"prediction","id","request","time","model","version","input","output","latencyMs"}
 *   {"type":"feedback","id","label","time","model"}
 *   {"type":"rejected","id","time","model","version","status","reason","rows","latencyMs"}
 * `time` is ISO 8601 UTC; `id` of a prediction is what /predict answered and
 * /feedback names; a rejected request's `id` is its request id.
 */
export interface PredictionLine {
  readonly type: 'prediction';
  readonly id: string;
  readonly request: string;
  readonly time: string;
  readonly model: string;
  readonly version: number;
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: unknown;
  readonly latencyMs: number;
}

export interface FeedbackLine {
  readonly type: 'feedback';
  readonly id: string;
  readonly label: string | number | boolean;
  readonly time: string;
  readonly model: string;
}

export interface RejectedLine {
  readonly type: 'rejected';
  readonly id: string;
  readonly time: string;
  readonly model: string;
  readonly version: number;
  readonly status: number;
  readonly reason: string;
  readonly rows: number;
  readonly latencyMs: number;
}

export type LogLine = PredictionLine | FeedbackLine | RejectedLine;

/** A line as text (no newline). */
export function formatLogLine(line: LogLine): string {
  return JSON.stringify(line);
}

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A line parsed and checked, or the reason it cannot be used (kept aside by the pull). */
export function parseLogLine(text: string): LogLine | { readonly error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { error: `not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!isRecord(v)) return { error: 'not a JSON object' };
  const missing = (fields: readonly [string, (x: unknown) => boolean][]): string | null => {
    const bad = fields.filter(([k, ok]) => !ok(v[k])).map(([k]) => k);
    return bad.length ? `${String(v['type'])} line without a usable ${bad.join(', ')}` : null;
  };
  const time = (x: unknown): boolean => isText(x) && Number.isFinite(Date.parse(x));
  const common: [string, (x: unknown) => boolean][] = [['id', isText], ['time', time], ['model', isText]];
  switch (v['type']) {
    case 'prediction': {
      const why = missing([...common, ['request', isText], ['version', (x) => Number.isInteger(x)], ['input', isRecord], ['output', (x) => x !== undefined], ['latencyMs', isNum]]);
      return why ? { error: why } : (v as unknown as PredictionLine);
    }
    case 'feedback': {
      const why = missing([...common, ['label', (x) => isText(x) || isNum(x) || typeof x === 'boolean']]);
      return why ? { error: why } : (v as unknown as FeedbackLine);
    }
    case 'rejected': {
      const why = missing([...common, ['version', (x) => Number.isInteger(x)], ['status', (x) => Number.isInteger(x)], ['reason', isText], ['rows', (x) => Number.isInteger(x)], ['latencyMs', isNum]]);
      return why ? { error: why } : (v as unknown as RejectedLine);
    }
    default:
      return { error: `unknown line type ${JSON.stringify(v['type'] ?? null)}: expected prediction, feedback or rejected` };
  }
}
