import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpPreview, HttpSourceSpec, SourceImportResult, SourceState } from '../../../preload/contract/sources';
import type { DatasetSummary, RowPage } from '../../../preload/contract/types';
import { retryAfterMs } from '../../../native-workers/ingest/http/fetcher';
import { linkNext } from '../../../native-workers/ingest/http/paginate';
import { redactText, redactUrl } from '../../../native-workers/ingest/redact';
import { apiBearer, apiClientSecret, apiRecords, startTestApi, type TestApi } from '../../../native-workers/ingest/http/test-api';
import { Host } from '../host';
import { checkpointWal } from '../../../native-workers/project/inspect';
import { distDir } from '../paths';
import { tempDir, waitFor } from '../testing';

const dir = tempDir('assay-http-');
let api: TestApi;
let host: Host;
let project = '';

beforeAll(async () => {
  api = await startTestApi(230, 50);
  process.env['ASSAY_TEST_BEARER'] = apiBearer;
  process.env['ASSAY_TEST_CLIENT_SECRET'] = apiClientSecret;
  project = path.join(dir, 'http.assay');
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(project);
});

afterAll(async () => {
  await host?.close();
  await api?.close();
});

async function pull(spec: HttpSourceSpec): Promise<{ status: string; result: SourceImportResult | null; error: { code: string; message: string } | null }> {
  const { jobId } = (await host.dispatch('source:httpImport', spec)) as { jobId: string };
  const done = await host.jobs.wait(jobId);
  return { status: done.status, result: done.status === 'succeeded' ? (host.jobs.resultOf(jobId) as SourceImportResult) : null, error: done.error };
}

async function ids(datasetId: number): Promise<number[]> {
  const page = (await host.dispatch('dataset:rows', { datasetId, offset: 0, limit: 5000 })) as RowPage;
  const i = page.columns.findIndex((c) => c.name === 'id');
  return page.rows.map((r) => r[i] as number);
}

const all = apiRecords(230).map((r) => r.id);

describe('HTTP JSON API source', () => {
  it('previews the first page with flattened columns and where the next page is', async () => {
    const p = (await host.dispatch('source:httpPreview', { url: `${api.url}/cursor`, recordsPath: 'items', pagination: { kind: 'cursor', field: 'meta.next' } })) as HttpPreview;
    expect(p.columns).toEqual(['id', 'name', 'score', 'tags.color', 'tags.size']);
    expect(p.rows).toHaveLength(50);
    expect(p.rows[0]).toEqual(['1', 'r1', '0', 'red', '0']);
    expect(p.next).toBe(`${api.url}/cursor?cursor=2`);
  });

  it('paginates by page number, offset, cursor field and Link header: every record once, in order', async () => {
    const styles: HttpSourceSpec[] = [
      { url: `${api.url}/page`, recordsPath: 'data', pagination: { kind: 'page', param: 'page' }, maxRps: 100, name: 'paged' },
      { url: `${api.url}/offset`, recordsPath: 'data', pagination: { kind: 'page', param: 'skip', offset: true }, maxRps: 100 },
      { url: `${api.url}/cursor`, recordsPath: 'items', pagination: { kind: 'cursor', field: 'meta.next' }, maxRps: 100 },
      { url: `${api.url}/link`, pagination: { kind: 'link' }, maxRps: 100 },
    ];
    for (const spec of styles) {
      const r = await pull(spec);
      expect(r.error, spec.url).toBeNull();
      expect(r.result?.rowsStored).toBe(230);
      expect(await ids(r.result!.datasetId)).toEqual(all);
    }
    const ds = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).find((d) => d.name === 'paged');
    expect(ds?.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['id:integer', 'name:text', 'score:integer', 'tags.color:text', 'tags.size:integer']);
  });

  it('profiles a pulled dataset by itself once the pull has succeeded, as a file import is (#13.4)', async () => {
    const r = await pull({ url: `${api.url}/page`, recordsPath: 'data', pagination: { kind: 'page', param: 'page' }, maxRps: 100, name: 'profiled' });
    expect(r.error).toBeNull();
    const profileJob = await waitFor(() => host.jobs.list().find((j) => j.kind === 'profile' && j.title === 'Profile profiled'), { what: 'the profile job after the pull' });
    expect((await host.jobs.wait(profileJob.id)).status).toBe('succeeded');
    const profile = (await host.dispatch('dataset:profile', { datasetId: r.result!.datasetId })) as { rowCount: number } | null;
    expect(profile?.rowCount).toBe(230);
  });

  it('honours 429 Retry-After (seconds and HTTP date), retries 500s and dropped connections, and caps requests per second', async () => {
    const t0 = Date.now();
    const rate = await pull({ url: `${api.url}/rate`, recordsPath: 'data', pagination: { kind: 'page', param: 'page' }, maxRps: 100 });
    expect(rate.error).toBeNull();
    expect(await ids(rate.result!.datasetId)).toEqual(all);
    const rateLog = api.log.filter((l) => l.path.startsWith('/rate'));
    // 6 pages (the last one empty), each refused once first.
    expect(rateLog.filter((l) => l.status === 429)).toHaveLength(6);
    for (let i = 0; i < rateLog.length - 1; i++) if (rateLog[i].status === 429) expect(rateLog[i + 1].at - rateLog[i].at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - t0).toBeGreaterThan(6 * 950);
    const flaky = await pull({ url: `${api.url}/flaky`, recordsPath: 'data', pagination: { kind: 'page', param: 'page' }, maxRps: 100, retries: 3 });
    expect(flaky.error).toBeNull();
    expect(await ids(flaky.result!.datasetId)).toEqual(all);
    expect(api.log.filter((l) => l.path.startsWith('/flaky') && l.status !== 200).length).toBe(12);
    const t1 = Date.now();
    const capped = await pull({ url: `${api.url}/page`, recordsPath: 'data', pagination: { kind: 'page', param: 'page' }, maxRps: 4 });
    expect(capped.error).toBeNull();
    // 6 requests at 4 per second: at least 5 gaps of 250 ms.
    expect(Date.now() - t1).toBeGreaterThanOrEqual(1200);
  });

  it('gives up after the retry budget; the pull is resumable from its stored position without duplicating a row', async () => {
    api.failFromPage = 3;
    const spec: HttpSourceSpec = { url: `${api.url}/outage`, recordsPath: 'data', pagination: { kind: 'page', param: 'page' }, maxRps: 100, retries: 2, name: 'outage' };
    const first = await pull(spec);
    expect(first.status).toBe('failed');
    expect(first.error?.message).toMatch(new RegExp(`${api.url}/outage\\?page=3 kept failing \\(HTTP 503\\) after 2 retries`));
    const state = ((await host.dispatch('source:list', null)) as SourceState[]).find((s) => s.status === 'resumable');
    expect(state?.position).toEqual({ next: `${api.url}/outage?page=3`, rows: 100, pages: 2 });
    // Invisible until complete.
    expect(((await host.dispatch('dataset:list', null)) as DatasetSummary[]).some((d) => d.name === 'outage')).toBe(false);
    // Survives closing and reopening the project.
    await host.dispatch('project:close', null);
    host.openProject(project);
    api.recover();
    const before = api.log.length;
    const { jobId } = (await host.dispatch('source:refresh', { datasetId: state!.datasetId })) as { jobId: string };
    const done = await host.jobs.wait(jobId);
    expect(done.error).toBeNull();
    expect(await ids(state!.datasetId)).toEqual(all);
    const resumed = api.log.slice(before).map((l) => l.path);
    expect(resumed[0]).toBe('/outage?page=3');
    expect(resumed).not.toContain('/outage?page=1');
    const ds = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).find((d) => d.name === 'outage');
    expect(ds?.rowCount).toBe(230);
    expect(((await host.dispatch('source:list', null)) as SourceState[]).find((s) => s.datasetId === state!.datasetId)?.status).toBe('ready');
  });

  it('authenticates: bearer token, OAuth2 client credentials with a refresh after 401; wrong credentials fail clearly and no secret is stored', async () => {
    const bearer = await pull({ url: `${api.url}/bearer`, recordsPath: 'data', pagination: { kind: 'page', param: 'page' }, maxRps: 100, auth: { kind: 'bearer', secret: { kind: 'env', name: 'ASSAY_TEST_BEARER' } } });
    expect(bearer.error).toBeNull();
    expect(bearer.result?.rowsStored).toBe(230);
    const oauth = await pull({
      url: `${api.url}/oauth/data`,
      recordsPath: 'data',
      pagination: { kind: 'page', param: 'page' },
      maxRps: 100,
      auth: { kind: 'oauth2', tokenUrl: `${api.url}/oauth/token`, clientId: 'assay', secret: { kind: 'env', name: 'ASSAY_TEST_CLIENT_SECRET' } },
    });
    expect(oauth.error).toBeNull();
    expect(await ids(oauth.result!.datasetId)).toEqual(all);
    expect(api.tokensIssued).toBe(2);
    process.env['ASSAY_TEST_WRONG_TOKEN'] = 'wrong-token-xyz';
    const wrong = await pull({ url: `${api.url}/bearer`, recordsPath: 'data', auth: { kind: 'bearer', secret: { kind: 'env', name: 'ASSAY_TEST_WRONG_TOKEN' } } });
    expect(wrong.error?.code).toBe('AUTH');
    expect(wrong.error?.message).toBe(`${api.url}/bearer refused the credentials (HTTP 401). Check the API key, token or user and where its secret comes from.`);
    checkpointWal(host.currentProject!.db);
    const bytes = fs.readFileSync(project).toString('latin1');
    for (const s of [apiBearer, apiClientSecret, 'wrong-token-xyz']) expect(bytes).not.toContain(s);
  });

  it('bad input: HTML instead of JSON, an endless pagination, a page cap, a wrong records path', async () => {
    const html = await pull({ url: `${api.url}/html?key=abc123` });
    expect(html.error?.message).toBe(`${api.url}/html?key=*** returned HTML instead of JSON (content-type text/html): is the URL an API endpoint, and is a login page in the way?`);
    const loop = await pull({ url: `${api.url}/loop`, recordsPath: 'items', pagination: { kind: 'cursor', field: 'next' }, maxRps: 100 });
    expect(loop.error?.message).toMatch(/pagination loops: .*\/loop\?cursor=same was already fetched \(page 3\)/);
    const cap = await pull({ url: `${api.url}/page`, recordsPath: 'data', pagination: { kind: 'page', param: 'page' }, maxRps: 100, maxPages: 2 });
    expect(cap.error?.message).toMatch(/Stopped after 2 pages/);
    const wrongPath = await pull({ url: `${api.url}/page`, recordsPath: 'results' });
    expect(wrongPath.error?.message).toMatch(/has no "results" in its response/);
    // Nothing of the failed pulls is left (no position was ever worth resuming for the first three).
    const names = ((await host.dispatch('dataset:list', null)) as DatasetSummary[]).map((d) => d.name);
    expect(names.filter((n) => /html|loop/.test(n))).toEqual([]);
  });
});

describe('assay import https://… (CLI)', () => {
  it('pulls every page of a cursor-paginated API with a bearer token from $ASSAY_API_SECRET', async () => {
    const file = path.join(dir, 'cli.assay');
    const run = (args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        // Async: the API runs in this process and must keep answering while the CLI pulls.
        const child = spawn(process.execPath, [path.join(distDir(), 'cli', 'assay.js'), ...args], { env: { PATH: process.env['PATH'] ?? '', ASSAY_HOME: path.join(dir, 'home'), ...env } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    expect((await run(['new', file], {})).code).toBe(0);
    const r = await run(['import', file, `${api.url}/bearer`, '--records', 'data', '--paginate', 'page:page', '--auth', 'bearer', '--rps', '100', '--json'], { ASSAY_API_SECRET: apiBearer });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ dataset: 'bearer', rowsStored: 230, pages: 6 });
    const c = await run(['import', file, `${api.url}/cursor`, '--records', 'items', '--paginate', 'cursor:meta.next', '--rps', '100', '--json'], {});
    expect(JSON.parse(c.stdout)).toMatchObject({ rowsStored: 230, pages: 5 });
    const bad = await run(['import', file, `${api.url}/bearer`, '--records', 'data', '--auth', 'bearer'], { ASSAY_API_SECRET: 'nope-secret' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`assay: ${api.url}/bearer refused the credentials (HTTP 401). Check the API key, token or user and where its secret comes from.\n`);
  });
});

describe('HTTP helpers', () => {
  it('reads Retry-After in seconds and as an HTTP date; Link headers with several relations', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(linkNext('<https://a/x?p=1>; rel="first", </x?p=3>; rel="next"', 'https://a/x?p=2')).toBe('https://a/x?p=3');
    expect(linkNext('<https://a/x?p=1>; rel="prev"', 'https://a/x')).toBeNull();
  });

  it('redacts secrets from URLs and messages', () => {
    expect(redactUrl('https://u:pw@api.x/v1?api_key=K1&page=2')).toBe('https://u:***@api.x/v1?api_key=***&page=2');
    expect(redactText('connect postgres://bob:hunter2@db:5432/x failed; password=hunter2 token: abc', [])).toBe('connect postgres://bob:***@db:5432/x failed; password=*** token: ***');
    expect(redactText('Authorization: Bearer eyJhbGciOi.x.y', [])).toBe('Authorization: Bearer ***');
    expect(redactText('the secret s3cr3t leaked', ['s3cr3t'])).toBe('the secret *** leaked');
  });
});
