import type { LineageEvent } from '../../../preload/contract/lineage';
import { plural } from '../../../preload/contract';

const titles: Record<string, string> = {
  import: 'Imported',
  append: 'Appended',
  privacy: 'Privacy applied',
  cleanse: 'Cleansed',
  validate: 'Validation re-run',
  promote: 'Quarantined rows promoted',
};

export function eventTitle(e: LineageEvent): string {
  return titles[e.event] ?? e.event;
}

function num(v: unknown): string {
  return typeof v === 'number' ? v.toLocaleString('en-US') : '—';
}

function obj(v: unknown): Readonly<Record<string, unknown>> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** One line saying what the event did, from whatever its detail holds. */
export function eventSummary(e: LineageEvent): string {
  const d = e.detail;
  const source = obj(d['source']);
  const counts = obj(d['counts']);
  if (source && counts) {
    const parts = [
      `${String(source['fileName'] ?? '')}`,
      `${num(counts['read'])} read`,
      `${num(counts['accepted'])} accepted`,
      `${num(counts['quarantined'])} quarantined`,
    ];
    if (counts['changed'] !== null && counts['changed'] !== undefined) parts.push(`${num(counts['changed'])} changed by cleansing`);
    return parts.join(' · ');
  }
  if (e.event === 'privacy') {
    const actions = Array.isArray(d['actions']) ? (d['actions'] as { column: string; action: string }[]) : [];
    return actions.map((a) => `${a.column}: ${a.action}`).join(' · ');
  }
  // Older or other events: their flat counts.
  return ['rowsRead', 'rowsStored', 'rowsQuarantined']
    .filter((k) => typeof d[k] === 'number')
    .map((k) => `${k} ${num(d[k])}`)
    .join(' · ');
}

/** Whether `at` is the file itself (its base name is the file's name), not an upload's temp copy. */
function isFileAt(at: string, fileName: string): boolean {
  const base = at.split(/[\\/]/).pop() ?? '';
  return base === fileName;
}

/** The import's rules, one line per rule with the rows that failed it. */
function rulesText(v: unknown): string {
  const rules = obj(v);
  if (!rules) return 'none';
  const failures = obj(rules['failures']) ?? {};
  const lines = Object.entries(failures).map(([name, n]) => `${name}: ${typeof n === 'number' ? `${plural(n, 'row')} failed` : '—'}`);
  const count = typeof rules['rules'] === 'number' ? rules['rules'] : lines.length;
  return [plural(count, 'rule'), ...lines].join('\n');
}

function recipeText(v: unknown): string {
  const r = obj(v);
  if (!r) return 'none';
  return `version ${String(r['version'] ?? '?')}: ${plural(Number(r['rowsChanged'] ?? 0), 'row')} and ${plural(Number(r['cellsChanged'] ?? 0), 'value')} changed`;
}

/** Detail rows (label, value) for the expanded view; a value may hold several lines. */
export function detailRows(e: LineageEvent): [string, string][] {
  const d = e.detail;
  const rows: [string, string][] = [];
  const source = obj(d['source']);
  if (source) {
    // An upload's path is a temp file, deleted after the import: the file's own name is what the user knows.
    const fileName = String(source['fileName'] ?? '');
    const at = String(source['path'] ?? '');
    rows.push(['Source', fileName || at]);
    if (at && fileName && isFileAt(at, fileName)) rows.push(['Path', at]);
    rows.push(['Size', `${num(source['bytes'])} bytes`]);
    rows.push(['SHA-256', String(source['sha256'] ?? '')]);
    if (source['modifiedAt']) rows.push(['File modified', String(source['modifiedAt'])]);
  }
  const parser = obj(d['parser']);
  if (parser) rows.push(['Parser', Object.entries(parser).filter(([, v]) => v !== null).map(([k, v]) => `${k} ${String(v)}`).join(', ')]);
  if (Array.isArray(d['schema'])) rows.push(['Schema', (d['schema'] as { name: string; type: string }[]).map((c) => `${c.name}: ${c.type}`).join(', ')]);
  if ('rules' in d) rows.push(['Rules', rulesText(d['rules'])]);
  if ('recipe' in d) rows.push(['Recipe', recipeText(d['recipe'])]);
  if (Array.isArray(d['schemaChanges']) && d['schemaChanges'].length > 0) rows.push(['Schema changes', JSON.stringify(d['schemaChanges'])]);
  const key = obj(d['key']);
  if (key) rows.push(['Key', `${String(key['store'])} ${String(key['location'])} (fingerprint ${String(key['fingerprint'])})`]);
  if (typeof d['method'] === 'string') rows.push(['Method', d['method']]);
  if (typeof d['cellsChanged'] === 'number') rows.push(['Values rewritten', num(d['cellsChanged'])]);
  if (Array.isArray(d['columnsDropped']) && d['columnsDropped'].length > 0) rows.push(['Columns dropped', (d['columnsDropped'] as string[]).join(', ')]);
  if (typeof d['appVersion'] === 'string') rows.push(['App version', d['appVersion']]);
  return rows;
}
