import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QuarantinePage, RuleSet, StoredRules, ValidateResult } from '../../../../preload/contract/rules';
import type { DatasetSummary, ImportResult, RowPage } from '../../../../preload/contract/types';
import { Host } from '../../host';
import { sharedData, tempDir, writeCsv } from '../../testing';
import { countTableRows, rowTableCount, storedDatasetCount, tableRows } from '../../../../native-workers/project/inspect';
import { storages, storeAs } from '../../../../native-workers/project/columns/testing';
import { storedRowCount } from '../../../../native-workers/project/columns/dataset-rows';
import { datasetStorage } from '../../../../native-workers/project/columns/chunk-store';

const dir = tempDir('assay-rules-');

/**
 * mlc_churn with an id column and injected faults: ids 101 and 202 repeated later, 'abc' in
 * account_length at 4 rows, the state blanked at 3 rows. Returns the file and its records as
 * the test reads them (independently of the importer).
 */
function churnWithFaults(): { file: string; header: string[]; rows: string[][] } {
  const lines = fs.readFileSync(path.join(sharedData, 'mlc_churn.csv'), 'utf8').trim().split('\n');
  const unquote = (s: string): string => s.replace(/^"(.*)"$/, '$1');
  const header = ['id', ...lines[0].split(',').map(unquote)];
  const rows = lines.slice(1).map((l, i) => [String(i + 1), ...l.split(',').map(unquote)]);
  rows[1000][0] = '101';
  rows[3000][0] = '202';
  for (const i of [10, 20, 2500, 4999]) rows[i][2] = 'abc';
  for (const i of [30, 40, 20]) rows[i][1] = '';
  const file = path.join(dir, 'churn-faults.csv');
  fs.writeFileSync(file, [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
  return { file, header, rows };
}

/** Every state of the data but Texas and California, so that `exists` fails for those two. */
const states = [
  ...new Set(
    fs
      .readFileSync(path.join(sharedData, 'mlc_churn.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.slice(1, 3)),
  ),
].filter((s) => s !== 'TX' && s !== 'CA');

const rules: RuleSet = {
  version: 1,
  rules: [
    { kind: 'unique', column: 'id' },
    { kind: 'required', column: 'state' },
    { kind: 'type', column: 'account_length', type: 'integer' },
    { kind: 'range', column: 'total_day_minutes', max: 320 },
    { kind: 'range', column: 'number_customer_service_calls', max: 5, name: 'few calls' },
    { kind: 'compare', expression: 'total_day_charge <= total_day_minutes' },
    { kind: 'exists', column: 'state', dataset: 'states', datasetColumn: 'code' },
  ],
};

/** The same rules evaluated by hand over the test's own reading of the file. */
function expectedFailures(header: string[], rows: string[][]): Map<number, string[]> {
  const col = (name: string): number => header.indexOf(name);
  const seen = new Set<string>();
  const out = new Map<number, string[]>();
  rows.forEach((r, k) => {
    const failed: string[] = [];
    if (seen.has(r[col('id')])) failed.push('id:unique');
    if (r[col('state')] === '') failed.push('state:required');
    if (!/^\d+$/.test(r[col('account_length')])) failed.push('account_length:type');
    if (Number(r[col('total_day_minutes')]) > 320) failed.push('total_day_minutes:range');
    if (Number(r[col('number_customer_service_calls')]) > 5) failed.push('few calls');
    if (Number(r[col('total_day_charge')]) > Number(r[col('total_day_minutes')])) failed.push('total_day_charge <= total_day_minutes');
    if (r[col('state')] !== '' && !states.includes(r[col('state')])) failed.push('state:exists');
    if (failed.length) out.set(k + 1, failed);
    else seen.add(r[col('id')]);
  });
  return out;
}

async function run<T>(host: Host, jobId: string): Promise<T> {
  const job = await host.jobs.wait(jobId);
  if (job.status !== 'succeeded') throw new Error(`job ${job.kind} ${job.status}: ${job.error?.message ?? ''}`);
  return host.jobs.resultOf(jobId) as T;
}

async function allQuarantine(host: Host, datasetId: number, rule?: string): Promise<QuarantinePage['rows']> {
  const out: QuarantinePage['rows'][number][] = [];
  for (let offset = 0; ; offset += 500) {
    const page = (await host.dispatch('quarantine:list', { datasetId, offset, limit: 500, rule: rule ?? null })) as QuarantinePage;
    out.push(...page.rows);
    if (page.rows.length < 500) return out;
  }
}

describe.each(storages)('validation rules through the real host and worker, the dataset stored as %s', (storage) => {
  it('imports with rules: every broken row is quarantined with the right rules, counts and values; then validate, fix, re-validate, promote', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    try {
      host.newProject(path.join(dir, `rules-${storage}.assay`));
      const statesFile = path.join(dir, 'states.csv');
      fs.writeFileSync(statesFile, `code,name\n${states.map((s) => `${s},State ${s}`).join('\n')}\n`);
      const { jobId: sj } = (await host.dispatch('import:start', { source: { kind: 'path', path: statesFile } })) as { jobId: string };
      // Stored as the storage under test: the cross-dataset exists look-up reads it.
      storeAs(host.currentProject!.db, (await run<ImportResult>(host, sj)).datasetId, storage);

      const { file, header, rows } = churnWithFaults();
      const expected = expectedFailures(header, rows);
      const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: file }, name: 'churn', rules })) as { jobId: string };
      const result = await run<ImportResult>(host, jobId);

      // Independent reference: the hand evaluation above.
      const perRule = new Map<string, number>();
      for (const f of expected.values()) for (const r of f) perRule.set(r, (perRule.get(r) ?? 0) + 1);
      // The import types account_length integer over its 4 strays (#14.13), so its type stage quarantines those rows
      // before the rules see them: the rules' own counts leave them out.
      const typed = [...expected.values()].filter((f) => f.includes('account_length:type'));
      const ruleCounts = new Map<string, number>();
      for (const f of expected.values()) if (!f.includes('account_length:type')) for (const r of f) ruleCounts.set(r, (ruleCounts.get(r) ?? 0) + 1);
      expect(result.rowsRead).toBe(5000);
      expect(result.rowsQuarantined).toBe(expected.size);
      expect(result.rowsStored).toBe(5000 - expected.size);
      expect(result.rules).toEqual(Object.fromEntries(rules.rules.map((r) => [r.name ?? (r.kind === 'compare' ? r.expression : `${r.column}:${r.kind}`), ruleCounts.get(r.name ?? (r.kind === 'compare' ? r.expression : `${r.column}:${r.kind}`)) ?? 0])));
      expect(typed).toHaveLength(4);
      // The injected faults are all there, and real data fails too.
      expect(perRule.get('id:unique')).toBe(2);
      expect(perRule.get('account_length:type')).toBe(4);
      expect(perRule.get('state:required')).toBe(3);
      expect(perRule.get('state:exists')).toBeGreaterThan(100);
      expect(perRule.get('few calls')).toBeGreaterThan(0);

      const ds = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).find((d) => d.name === 'churn');
      if (!ds) throw new Error('dataset missing');
      storeAs(host.currentProject!.db, ds.id, storage);
      // 'abc' rows were rejected, so they did not widen the column to text.
      expect(ds.columns.find((c) => c.name === 'account_length')?.type).toBe('integer');
      const q = await allQuarantine(host, ds.id);
      expect(q).toHaveLength(expected.size);
      for (const row of q) {
        const want = expected.get(row.line)!;
        // A typing stray is quarantined by the import's type stage (rule 'type'), before the rules run.
        expect(row.issues.map((i) => i.rule)).toEqual(want.includes('account_length:type') ? ['type'] : want);
        expect(row.fields).toEqual(rows[row.line - 1]);
      }
      const page = (await host.dispatch('quarantine:list', { datasetId: ds.id, offset: 0, limit: 10, rule: 'type' })) as QuarantinePage;
      expect(page.total).toBe(4);
      expect(page.rows.map((r) => r.line)).toEqual([11, 21, 2501, 5000]);
      expect(page.ruleCounts.find((c) => c.rule === 'few calls')?.count).toBe(ruleCounts.get('few calls'));
      expect((await host.dispatch('rules:get', { datasetId: ds.id })) as StoredRules).toMatchObject({ version: 1, rules });

      // A stricter saved version, re-applied: rows now failing move to quarantine in one go.
      const stricter: RuleSet = { version: 1, rules: [...rules.rules, { kind: 'range', column: 'total_day_minutes', max: 250, name: 'day max 250' }] };
      const saved = (await host.dispatch('rules:save', { datasetId: ds.id, rules: stricter })) as StoredRules;
      expect(saved.version).toBe(2);
      const over250 = rows.filter((r, k) => !expected.has(k + 1) && Number(r[header.indexOf('total_day_minutes')]) > 250).length;
      const { jobId: vj } = (await host.dispatch('rules:validate', { datasetId: ds.id })) as { jobId: string };
      const v = await run<ValidateResult>(host, vj);
      expect(v).toMatchObject({ rowsChecked: 5000 - expected.size, rowsMoved: over250 });
      const after = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).find((d) => d.id === ds.id);
      expect(after).toMatchObject({ rowCount: 5000 - expected.size - over250, quarantinedCount: expected.size + over250 });
      // Paging still reaches the last row (the table was rebuilt with dense rowids).
      const tail = (await host.dispatch('dataset:rows', { datasetId: ds.id, offset: (after?.rowCount ?? 0) - 1, limit: 5 })) as RowPage;
      expect(tail.rows).toHaveLength(1);
      const moved = await allQuarantine(host, ds.id, 'day max 250');
      expect(moved).toHaveLength(over250);

      // Fix: a bad account_length becomes a number; a duplicate id stays a duplicate.
      const typeRow = (await allQuarantine(host, ds.id, 'type')).find((r) => r.issues.length === 1 && r.line === 11);
      if (!typeRow?.fields) throw new Error('row 11 missing');
      const fixed = [...typeRow.fields];
      fixed[2] = '99';
      await host.dispatch('quarantine:fix', { datasetId: ds.id, id: typeRow.id, fields: fixed });
      const dupRow = (await allQuarantine(host, ds.id, 'id:unique'))[0];
      const { jobId: rj } = (await host.dispatch('quarantine:revalidate', { datasetId: ds.id })) as { jobId: string };
      const rv = await run<ValidateResult>(host, rj);
      expect(rv.rowsMoved).toBe(0);
      const check = await allQuarantine(host, ds.id);
      expect(check.find((r) => r.id === typeRow.id)?.status).toBe('accepted');
      expect(check.find((r) => r.id === dupRow.id)?.issues.map((i) => i.rule)).toContain('id:unique');
      const accepted = check.filter((r) => r.status === 'accepted').length;
      expect(accepted).toBeGreaterThanOrEqual(1);

      const { jobId: pj } = (await host.dispatch('quarantine:revalidate', { datasetId: ds.id, promote: true })) as { jobId: string };
      const pv = await run<ValidateResult>(host, pj);
      expect(pv.rowsMoved).toBe(accepted);
      const final = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).find((d) => d.id === ds.id);
      expect(final).toMatchObject({ rowCount: (after?.rowCount ?? 0) + accepted, quarantinedCount: (after?.quarantinedCount ?? 0) - accepted });
      const last = (await host.dispatch('dataset:rows', { datasetId: ds.id, offset: (final?.rowCount ?? 0) - accepted, limit: 10 })) as RowPage;
      expect(last.rows.some((r) => r[0] === Number(fixed[0]) && r[2] === 99)).toBe(true);
      expect((await allQuarantine(host, ds.id)).some((r) => r.id === typeRow.id)).toBe(false);
      const events = tableRows(host.currentProject!.db, 'lineage', { columns: ['event', 'detail'], where: { dataset_id: ds.id }, orderBy: 'id' }) as { event: string; detail: string }[];
      expect(events.map((e) => e.event)).toEqual(['import', 'validate', 'promote']);
      expect(JSON.parse(events[2].detail)).toMatchObject({ rulesVersion: 2, rowsPromoted: accepted });
      // Still stored as it was, and no rewrite left chunks under its scratch id.
      expect(datasetStorage(host.currentProject!.db, ds.id)).toBe(storage);
      expect(countTableRows(host.currentProject!.db, 'dataset_chunks', { dataset_id: -ds.id })).toBe(0);
    } finally {
      await host.close();
    }
  }, 60_000);

  it('refuses bad rules before anything is created, and a rule on a missing column fails the import leaving nothing', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    try {
      host.newProject(path.join(dir, `bad-${storage}.assay`));
      const file = path.join(sharedData, 'credit_data.csv');
      await expect(
        host.dispatch('import:start', { source: { kind: 'path', path: file }, rules: { version: 1, rules: [{ kind: 'nope', column: 'Age' }] } as unknown as RuleSet }),
      ).rejects.toThrow(/rules\[0\]: unknown rule kind "nope"/);
      const { jobId } = (await host.dispatch('import:start', {
        source: { kind: 'path', path: file },
        rules: { version: 1, rules: [{ kind: 'required', column: 'Agee' }] },
      })) as { jobId: string };
      const job = await host.jobs.wait(jobId);
      expect(job.status).toBe('failed');
      expect(job.error?.message).toMatch(/column "Agee" is not in the data; columns are Status, Seniority/);
      const db = host.currentProject?.db;
      expect(countTableRows(db!, 'datasets')).toBe(0);
      expect(countTableRows(db!, 'dataset_rules')).toBe(0);
      expect(storedDatasetCount(db!)).toBe(0);
    } finally {
      await host.close();
    }
  }, 30_000);

  it('suggests rules from the data that the data itself passes', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    try {
      host.newProject(path.join(dir, `suggest-${storage}.assay`));
      const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: path.join(sharedData, 'credit_data.csv') } })) as { jobId: string };
      const r = await run<ImportResult>(host, jobId);
      storeAs(host.currentProject!.db, r.datasetId, storage);
      const suggested = (await host.dispatch('rules:suggest', { datasetId: r.datasetId })) as RuleSet;
      const kinds = (col: string): string[] => suggested.rules.filter((x) => x.kind !== 'compare' && x.column === col).map((x) => x.kind);
      expect(kinds('Status')).toEqual(expect.arrayContaining(['required', 'allowed']));
      expect(kinds('Age')).toEqual(expect.arrayContaining(['type', 'required', 'range']));
      // Income has missing values: no required rule.
      expect(kinds('Income')).not.toContain('required');
      await host.dispatch('rules:save', { datasetId: r.datasetId, rules: suggested });
      const { jobId: vj } = (await host.dispatch('rules:validate', { datasetId: r.datasetId })) as { jobId: string };
      const v = await run<ValidateResult>(host, vj);
      expect(v).toMatchObject({ rowsChecked: r.rowsStored, rowsMoved: 0 });
    } finally {
      await host.close();
    }
  }, 30_000);

  it('a cancelled validation changes nothing: rows, counts, quarantine and table stay as they were', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    try {
      host.newProject(path.join(dir, `cancel-${storage}.assay`));
      const file = writeCsv(path.join(dir, 'cancel.csv'), 300_000);
      const { jobId } = (await host.dispatch('import:start', { source: { kind: 'path', path: file } })) as { jobId: string };
      const r = await run<ImportResult>(host, jobId);
      storeAs(host.currentProject!.db, r.datasetId, storage);
      const chunksBefore = countTableRows(host.currentProject!.db, 'dataset_chunks');
      // y = sin(i) × 100: about half the rows fail, so a finished job would move many.
      await host.dispatch('rules:save', { datasetId: r.datasetId, rules: { version: 1, rules: [{ kind: 'range', column: 'y', min: 0 }] } });
      const { jobId: vj } = (await host.dispatch('rules:validate', { datasetId: r.datasetId })) as { jobId: string };
      const stop = host.push.subscribe((channel, payload) => {
        if (channel === 'job:progress' && (payload as { jobId: string }).jobId === vj) host.jobs.cancel(vj);
      });
      const job = await host.jobs.wait(vj);
      stop();
      expect(job.status).toBe('cancelled');
      const db = host.currentProject?.db;
      expect(tableRows(db!, 'datasets', { columns: ['row_count', 'quarantined_count'], where: { id: r.datasetId } })[0]).toEqual({ row_count: 300_000, quarantined_count: 0 });
      expect(storedRowCount(db!, { id: r.datasetId, table: `ds_${r.datasetId}` })).toBe(300_000);
      expect(countTableRows(db!, 'dataset_chunks')).toBe(chunksBefore);
      expect(countTableRows(db!, 'quarantine')).toBe(0);
      expect(countTableRows(db!, 'lineage', { event: 'validate' })).toBe(0);
      expect(rowTableCount(db!)).toBe(storage === 'rows' ? 1 : 0);
    } finally {
      await host.close();
    }
  }, 60_000);
});
