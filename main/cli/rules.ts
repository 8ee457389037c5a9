/**
 * The CLI's validation-rule pieces: `assay import … --rules rules.json` and
 *   assay quarantine FILE.assay DATASET [--rule NAME] [--json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AssayError } from '../../preload/contract/errors';
import { parseRuleSet, type QuarantinePage, type QuarantineRow, type RuleSet } from '../../preload/contract/rules';
import type { ImportResult } from '../../preload/contract/types';
import { requireProject } from '../host/project/access';
import { listQuarantine } from '../../native-workers/project/quarantine';
import { listDatasets } from '../../native-workers/project/datasets';
import { cliHost, UsageError } from './common';

export const quarantineUsage = `  assay quarantine FILE.assay DATASET [--rule NAME] [--json]
      lists a dataset's quarantined rows with the rules they failed (DATASET: name or id)`;

/** Added to `assay import`'s options. */
export const rulesImportOptions = { rules: { type: 'string' } } as const;

/** Reads and checks a rules file before anything is imported; errors name the file and the rule. */
export function readRulesFile(file: string): RuleSet {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(file), 'utf8');
  } catch (err) {
    throw new AssayError('NOT_FOUND', `Cannot read the rules file ${file}: ${err instanceof Error ? err.message : String(err)}. Nothing was imported.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AssayError('BAD_INPUT', `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)}). Nothing was imported.`);
  }
  try {
    return parseRuleSet(json);
  } catch (err) {
    throw new AssayError('BAD_INPUT', `${file}: ${err instanceof Error ? err.message : String(err)} Nothing was imported.`);
  }
}

/** What `assay import --json` adds: failures per rule. */
export function rulesJsonFields(result: ImportResult): { rules?: Readonly<Record<string, number>> } {
  return result.rules ? { rules: result.rules } : {};
}

/** The line `assay import` prints under its summary when rules rejected rows. */
export function rulesSummaryText(result: ImportResult): string {
  const failed = Object.entries(result.rules ?? {}).filter(([, n]) => n > 0);
  return failed.length ? `rule failures: ${failed.map(([r, n]) => `${r} ${n}`).join(', ')}\n` : '';
}

function rowJson(r: QuarantineRow): Record<string, unknown> {
  return { id: r.id, line: r.line, rules: [...new Set(r.issues.map((i) => i.rule))], reason: r.reason, issues: r.issues, raw: r.raw, fields: r.fields, status: r.status };
}

export async function cmdQuarantine(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, rule: { type: 'string' } } });
  if (positionals.length !== 2) throw new UsageError('assay quarantine takes FILE.assay and DATASET');
  const [project, wanted] = positionals;
  const host = cliHost();
  try {
    host.openProject(path.resolve(project), true);
    const db = requireProject(host.currentProject).db;
    const all = listDatasets(db);
    const ds = all.find((d) => d.name === wanted) ?? all.find((d) => String(d.id) === wanted);
    if (!ds) throw new AssayError('NOT_FOUND', `No dataset "${wanted}" in ${project}; datasets: ${all.map((d) => d.name).join(', ') || 'none'}.`);
    const rows: QuarantineRow[] = [];
    let first: QuarantinePage | null = null;
    for (let offset = 0; ; offset += 500) {
      const page = listQuarantine(db, ds.id, offset, 500, values.rule ?? null);
      first ??= page;
      rows.push(...page.rows);
      if (page.rows.length < 500) break;
    }
    const counts = first?.ruleCounts ?? [];
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ dataset: ds.name, datasetId: ds.id, total: rows.length, ruleCounts: counts, rows: rows.map(rowJson) })}\n`);
      return;
    }
    const lines = [
      `${ds.name}: ${rows.length} quarantined row${rows.length === 1 ? '' : 's'}${values.rule ? ` failing ${values.rule}` : ''}`,
      ...counts.map((c) => `  ${c.rule}: ${c.count}`),
      ...rows.map((r) => `line ${r.line}\t${r.reason}\t${r.raw.length > 200 ? `${r.raw.slice(0, 200)}…` : r.raw}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await host.close();
  }
}
