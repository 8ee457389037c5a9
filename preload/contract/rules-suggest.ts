/**
 * Rules suggested from what the data looks like (a profile, or a preview's first rows).
 * Pure, so the wizard can suggest from a preview in the renderer and the host from a profile.
 */
import type { ColumnProfile, ColumnType } from './types';
import { ruleSetVersion, type Rule, type RuleSet } from './rules';

/** What a suggestion needs to know of a column; `samples` are a few non-missing values as text. */
export interface ColumnFacts {
  readonly name: string;
  readonly type: ColumnType;
  readonly count: number;
  readonly missing: number;
  readonly distinct: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly topValues: readonly { readonly value: string; readonly count: number }[];
  readonly samples: readonly string[];
}

/** Patterns worth proposing when every sample matches one (checked in this order). */
export const knownPatterns: readonly { readonly label: string; readonly pattern: string }[] = [
  { label: 'e-mail', pattern: "[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}" },
  { label: 'ISO date', pattern: '\\d{4}-\\d{2}-\\d{2}' },
  { label: 'ISO date-time', pattern: '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?' },
  { label: 'US ZIP code', pattern: '\\d{5}(-\\d{4})?' },
  { label: 'UUID', pattern: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}' },
  { label: 'phone number', pattern: '\\+?[0-9][0-9 ()./-]{6,}[0-9]' },
];

const maxAllowed = 12;
const minSamplesForPattern = 5;

function idLike(name: string): boolean {
  return /(^|[_\s.-])id$|^id$|_id$|Id$|^key$|uuid|^code$/i.test(name);
}

/**
 * required when nothing is missing; range from the observed min/max widened by 10 % of the
 * spread (rounded outwards, never across zero for non-negative data); allowed values for text
 * with few distinct values that the top values cover; a regex for text whose samples all match
 * a known pattern; unique for id-like columns whose values are all distinct.
 */
export function suggestRules(columns: readonly ColumnFacts[]): RuleSet {
  const rules: Rule[] = [];
  for (const c of columns) {
    const present = c.count - c.missing;
    if (present === 0) continue;
    // Categorical and id-like columns hold text; their values, not their type, are what to check.
    const textual = c.type === 'text' || c.type === 'categorical' || c.type === 'id';
    if (!textual) rules.push({ kind: 'type', column: c.name, type: c.type });
    if (c.missing === 0) rules.push({ kind: 'required', column: c.name });
    const allDistinct = c.distinct === present && present > 1;
    if (allDistinct && idLike(c.name)) rules.push({ kind: 'unique', column: c.name });
    if ((c.type === 'integer' || c.type === 'number') && c.min !== null && c.max !== null && !(allDistinct && idLike(c.name))) {
      const spread = c.max - c.min;
      const pad = spread > 0 ? spread * 0.1 : Math.abs(c.max) * 0.1 || 1;
      let min = c.min - pad;
      let max = c.max + pad;
      if (c.min >= 0 && min < 0) min = 0;
      if (c.type === 'integer') {
        min = Math.floor(min);
        max = Math.ceil(max);
      } else {
        const step = 10 ** Math.floor(Math.log10(Math.max(pad, 1e-9)));
        min = Math.floor(min / step) * step;
        max = Math.ceil(max / step) * step;
      }
      rules.push({ kind: 'range', column: c.name, min: tidy(min), max: tidy(max) });
    }
    if (textual) {
      const covered = c.topValues.reduce((s, t) => s + t.count, 0);
      if (c.distinct <= maxAllowed && c.distinct < present && covered === present && c.topValues.length === c.distinct) {
        rules.push({ kind: 'allowed', column: c.name, values: c.topValues.map((t) => t.value).sort() });
        continue;
      }
      if (c.samples.length >= minSamplesForPattern) {
        const known = knownPatterns.find((p) => {
          const re = new RegExp(`^(?:${p.pattern})$`, 'u');
          return c.samples.every((s) => re.test(s));
        });
        if (known) rules.push({ kind: 'regex', column: c.name, pattern: known.pattern, name: `${c.name}:${known.label}` });
      }
    }
  }
  return { version: ruleSetVersion, rules };
}

/** Avoids 0.30000000000000004 in a rule a person will read. */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/** Facts from a profile plus a few sample values per column (for pattern detection). */
export function factsFromProfile(columns: readonly ColumnProfile[], samples: readonly (readonly string[])[] = []): ColumnFacts[] {
  return columns.map((c, i) => ({ ...c, samples: samples[i] ?? [] }));
}

const missingTokens = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-', '#n/a']);
const integerRe = /^[+-]?\d+$/;
const numberRe = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Facts from a preview's first rows (text), as the import wizard has before anything is imported. */
export function factsFromRows(names: readonly string[], rows: readonly (readonly string[])[]): ColumnFacts[] {
  return names.map((name, i) => {
    const values = rows.map((r) => (r[i] ?? '').trim());
    const present = values.filter((v) => !missingTokens.has(v.toLowerCase()));
    let type: ColumnType = 'text';
    if (present.length > 0) {
      if (present.every((v) => /^(true|false)$/i.test(v))) type = 'boolean';
      else if (present.every((v) => integerRe.test(v) && Number.isSafeInteger(Number(v)))) type = 'integer';
      else if (present.every((v) => numberRe.test(v))) type = 'number';
    }
    const numeric = type === 'integer' || type === 'number';
    const nums = numeric ? present.map(Number) : [];
    const counts = new Map<string, number>();
    for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
    const topValues = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([value, count]) => ({ value, count }));
    return {
      name,
      type,
      count: values.length,
      missing: values.length - present.length,
      distinct: counts.size,
      min: nums.length ? Math.min(...nums) : null,
      max: nums.length ? Math.max(...nums) : null,
      topValues: type === 'text' ? topValues : [],
      samples: present.slice(0, 50),
    };
  });
}
