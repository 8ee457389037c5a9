/**
 * Checks a PipelineJSON read back from storage before it is trusted: a damaged or
 * hand-edited file must fail loudly at load, not produce wrong numbers at predict time.
 */
import { dateParts } from '../../../../preload/contract/train';
import { baseFeatureNames } from './feature-names';
import type { PipelineJSON } from './pipeline-json';
import { resolvePreprocessSpec } from './spec';

function fail(what: string): never {
  throw new Error(`Not a valid preprocessing pipeline: ${what}.`);
}

function finite(v: unknown, what: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${what} must be a finite number`);
}

function strings(v: unknown, what: string): void {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) fail(`${what} must be a list of strings`);
}

function numbers(v: unknown, length: number, what: string): void {
  if (!Array.isArray(v) || v.length !== length) fail(`${what} must hold ${length} numbers`);
  v.forEach((x, i) => finite(x, `${what}[${i}]`));
}

export function checkPipelineJSON(json: PipelineJSON): void {
  if (json === null || typeof json !== 'object') fail('not an object');
  if (json.type !== 'preprocess') fail(`type is ${String(json.type)}`);
  if (json.version !== 1) fail(`version ${String(json.version)} is not supported`);
  resolvePreprocessSpec(json.spec);
  if (!Array.isArray(json.inputColumns) || !Array.isArray(json.numeric) || !Array.isArray(json.categorical)) fail('columns missing');
  const kinds = new Map(json.inputColumns.map((c) => [c.name, c.kind]));
  if (kinds.size !== json.inputColumns.length) fail('input column names repeat');
  const dates = json.dates ?? [];
  if (!Array.isArray(dates)) fail('dates must be a list');
  for (const s of [...json.numeric, ...dates, ...json.categorical]) {
    if (typeof s.indicator !== 'boolean') fail(`${s.name}.indicator must be true or false`);
  }
  for (const s of json.numeric) {
    if (kinds.get(s.name) !== 'numeric') fail(`"${s.name}" is not a numeric input column`);
    finite(s.fill, `${s.name}.fill`);
    finite(s.center, `${s.name}.center`);
    finite(s.scale, `${s.name}.scale`);
    if (s.scale === 0) fail(`${s.name}.scale is 0`);
  }
  for (const s of dates) {
    if (kinds.get(s.name) !== 'date') fail(`"${s.name}" is not a date input column`);
    if (!Array.isArray(s.parts)) fail(`${s.name}.parts must be a list`);
    const seen = new Set<string>();
    for (const p of s.parts) {
      const what = `${s.name}.${String(p.part)}`;
      if (!dateParts.includes(p.part) || seen.has(p.part)) fail(`${what} is not a date part (one of ${dateParts.join(', ')}, each once)`);
      seen.add(p.part);
      finite(p.fill, `${what}.fill`);
      finite(p.center, `${what}.center`);
      finite(p.scale, `${what}.scale`);
      if (p.scale === 0) fail(`${what}.scale is 0`);
    }
  }
  for (const s of json.categorical) {
    if (kinds.get(s.name) !== 'categorical') fail(`"${s.name}" is not a categorical input column`);
    if (typeof s.fill !== 'string') fail(`${s.name}.fill must be a string`);
    strings(s.categories, `${s.name}.categories`);
    strings(s.rare, `${s.name}.rare`);
    if (typeof s.rareBucket !== 'boolean') fail(`${s.name}.rareBucket must be true or false`);
    if (s.rare.length > 0 && !s.rareBucket) fail(`${s.name} has rare categories but no bucket`);
  }
  if (json.numeric.length + dates.length + json.categorical.length !== json.inputColumns.length) fail('every input column needs one step');
  if (json.pca !== null) {
    const p = baseFeatureNames(json).length;
    numbers(json.pca.mean, p, 'pca.mean');
    if (!Array.isArray(json.pca.components) || json.pca.components.length === 0) fail('pca.components is empty');
    json.pca.components.forEach((c, i) => numbers(c, p, `pca.components[${i}]`));
    const m = Array.isArray(json.pca.ratio) ? json.pca.ratio.length : -1;
    numbers(json.pca.ratio, m, 'pca.ratio');
    numbers(json.pca.cumulative, m, 'pca.cumulative');
  }
}
