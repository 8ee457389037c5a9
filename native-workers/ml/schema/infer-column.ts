import type { DateFormat, InferredColumn, InferredSchema, SchemaSample } from '../../../preload/contract/schema';
import type { ColumnType } from '../../../preload/contract/types';
import { inferTypeTolerant, isMissing } from '../infer';
import { detectDateFormat } from './dates';

/** Fewer non-missing values than this say too little to call a column an id or categorical. */
const minEvidence = 20;
/** Categorical: at most this many distinct values, and each seen this many times on average. */
const maxCategories = 100;
const minPerCategory = 5;
const sampleValueCount = 5;

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idNameRe = /(^|[^a-z])(id|uuid|guid|key)$|^(id|uuid|guid)[^a-z]/i;
const epochNameRe = /(time|date|epoch|timestamp|_at$|_ts$|^ts$)/i;

// 2000-01-01 and 2100-01-01 in seconds: epoch values far outside are not timestamps.
const epochMinS = 946_684_800;
const epochMaxS = 4_102_444_800;

/** Seconds or milliseconds since 1970, when the column's name or its range says so. */
function epochFormat(name: string, nums: readonly number[]): DateFormat | null {
  if (nums.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const x of nums) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const named = epochNameRe.test(name);
  const inMs = min >= epochMinS * 1000 && max <= epochMaxS * 1000;
  const inS = min >= epochMinS && max <= epochMaxS;
  // 13-digit integers in 2000–2100 are milliseconds whatever the name; seconds need the name too.
  if (inMs && (named || nums.every(Number.isInteger))) return 'epoch-ms';
  if (inS && named) return 'epoch-s';
  return null;
}

/** A row number (from 0 or 1, each value one more than the last): a key, whatever the column is called. */
function isRunning(nums: readonly number[]): boolean {
  if (nums[0] !== 0 && nums[0] !== 1) return false;
  for (let i = 1; i < nums.length; i++) if (nums[i]! !== nums[i - 1]! + 1) return false;
  return true;
}

function hasSpace(v: string): boolean {
  return /\s/.test(v);
}

/**
 * What one column of a sample holds: the narrowest type its values fit (integer, number,
 * boolean, date / datetime with their format, text), refined by meaning: a unique key
 * (a running number, UUIDs, or unique values in a column named like an id) is `id` (merely
 * increasing integers are not: sorted measurements are too common); text
 * with few distinct values is `categorical`. Numbers are never made categorical, since
 * models use their order. A column whose values fit a type but for a few strays (≥ 95 %) takes
 * that type as it is (no id or timestamp guess on values that are partly wrong).
 */
export function inferColumn(name: string, raw: readonly string[]): InferredColumn {
  const values: string[] = [];
  let missing = 0;
  for (const r of raw) {
    if (isMissing(r)) missing++;
    else values.push(r.trim());
  }
  const distinctSet = new Set(values);
  const distinct = distinctSet.size;
  const samples = [...distinctSet].slice(0, sampleValueCount);
  const base = { name, missing, count: raw.length, distinct, samples };
  const unique = values.length >= minEvidence && distinct === values.length;
  const done = (type: ColumnType, format: DateFormat | null = null, ambiguity: string | null = null, misfits = 0): InferredColumn => ({
    ...base,
    type,
    format,
    ambiguity,
    misfits,
  });

  const { type: basic, misfits } = inferTypeTolerant(values);
  if (misfits > 0) return done(basic, null, null, misfits);
  if (basic === 'integer' || basic === 'number') {
    const nums = values.map(Number);
    const epoch = epochFormat(name, nums);
    if (epoch) return done('datetime', epoch);
    if (basic === 'integer' && unique && missing === 0 && (isRunning(nums) || idNameRe.test(name))) return done('id');
    return done(basic);
  }
  if (basic === 'boolean' || values.length === 0) return done(basic);
  const date = detectDateFormat(values);
  if (date) return done(date.format.includes('HH') || date.format.startsWith('epoch') ? 'datetime' : 'date', date.format, date.ambiguity);
  if (unique && (values.every((v) => uuidRe.test(v)) || (idNameRe.test(name) && !values.some(hasSpace)))) return done('id');
  if (values.length >= minEvidence && distinct <= maxCategories && distinct * minPerCategory <= values.length) return done('categorical');
  return done('text');
}

/** Inference for every column of a sample (rows may be short: absent fields count as missing). */
export function inferSchema(sample: SchemaSample): InferredSchema {
  return {
    sampleRows: sample.rows.length,
    columns: sample.columns.map((name, i) => inferColumn(name, sample.rows.map((r) => r[i] ?? ''))),
  };
}
