import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../native-workers/project/store';
import { sharedData, tempDir } from '../host/testing';
import { countTableRows } from '../../native-workers/project/inspect';
import { cliEnv, cliPath, cliRunner } from './testing';

const dir = tempDir('assay-cli-serve-');
const env = cliEnv(dir);

const assay = cliRunner({ env, timeoutMs: 120_000 });

describe('assay serve-model', () => {
  const project = path.join(dir, 'serve.assay');

  it('refuses a bad limit as the service does, before it opens anything', () => {
    const res = assay('serve-model', path.join(dir, 'absent.assay'), '--model', 'm', '--max-body-mb', 'lots');
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('The body limit must be a size above 0 (maxBodyBytes in bytes; --max-body-mb in megabytes, e.g. 0.5 or 10), not "lots".');
  });

  it('serves a registered churn model until SIGTERM, logs its predictions, and refuses an unknown version', async () => {
    expect(assay('new', project).code).toBe(0);
    expect(assay('import', project, path.join(sharedData, 'mlc_churn.csv'), '--name', 'churn').code).toBe(0);
    const trained = assay('train', project, '--dataset', 'churn', '--target', 'churn', '--model', 'tree', '--validation', 'holdout', '--json');
    expect(trained.code).toBe(0);
    expect(assay('register', project, String((JSON.parse(trained.stdout) as { runId: number }).runId), '--name', 'churn').code).toBe(0);

    const missing = assay('serve-model', project, '--model', 'churn@4');
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: 'assay: Model churn has no version 4; it has 1.\n' });
    expect(assay('serve-model', project).code).toBe(2);

    const child = spawn(process.execPath, [cliPath, 'serve-model', project, '--model', 'churn', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const row = { state: 'KS', account_length: 128, area_code: 'area_code_415', international_plan: 'no', voice_mail_plan: 'yes', number_vmail_messages: 25,
      total_day_minutes: 265.1, total_day_calls: 110, total_day_charge: 45.07, total_eve_minutes: 197.4, total_eve_calls: 99, total_eve_charge: 16.78,
      total_night_minutes: 244.7, total_night_calls: 91, total_night_charge: 11.01, total_intl_minutes: 10, total_intl_calls: 3, total_intl_charge: 2.7,
      number_customer_service_calls: 1 };
    const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [row, row] }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ model: 'churn', version: 1, predictions: [{ label: 'no' }, { label: 'no' }] });
    const bad = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...row, total_day_calls: 'many' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { details: unknown[] }).details).toEqual([{ row: 0, column: 'total_day_calls', message: 'Column "total_day_calls", row 0: "many" is not a number.' }]);
    expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'ok', model: 'churn', logging: true });
    // What a web page can send without a preflight (text/plain, no-cors) is refused and not logged.
    const plain = await fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify(row) });
    expect(plain.status).toBe(415);

    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    // Logged within 200 ms normally; here the exit flushed them.
    const after = ProjectStore.open(project, { readOnly: true });
    expect(countTableRows(after.db, 'predictions')).toBe(2);
    after.close();
  }, 120_000);
});
