import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpPreview, HttpSourceSpec, SourceState } from '../../../preload/contract/sources';
import type { JobInfo } from '../../../preload/contract/types';
import { apiEchoKey, startTestApi, type TestApi } from '../../../native-workers/ingest/http/test-api';
import { Host } from '../host';
import { checkpointWal } from '../../../native-workers/project/inspect';
import { distDir } from '../paths';
import { tempDir } from '../testing';

const dir = tempDir('assay-http-secrets-');
let api: TestApi;
let other: TestApi;
let host: Host;
const project = path.join(dir, 'secrets.assay');
const keyRef = { kind: 'env', name: 'ASSAY_TEST_ECHO_KEY' } as const;

beforeAll(async () => {
  api = await startTestApi(230, 50);
  other = await startTestApi(230, 50);
  process.env['ASSAY_TEST_ECHO_KEY'] = apiEchoKey;
  host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  host.newProject(project);
});

afterAll(async () => {
  await host?.close();
  await api?.close();
  await other?.close();
});

function fileBytes(file: string): string {
  return fs.readFileSync(file).toString('latin1');
}

describe('secrets of an HTTP source (#15)', () => {
  it('a key the API echoes into its Link header under an unknown name is stored, shown and reported nowhere; a resume puts it back', async () => {
    const spec: HttpSourceSpec = { url: `${api.url}/echo`, pagination: { kind: 'link' }, maxRps: 100, retries: 1, name: 'echo', auth: { kind: 'api-key', in: 'query', name: 'access_code', secret: keyRef } };
    const preview = (await host.dispatch('source:httpPreview', spec)) as HttpPreview;
    expect(preview.next).toBe(`${api.url}/echo?p=2`);
    api.failFromPage = 3;
    const { jobId } = (await host.dispatch('source:httpImport', spec)) as { jobId: string };
    const failed = await host.jobs.wait(jobId);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toMatch(/\/echo\?p=3 kept failing \(HTTP 503\)/);
    const state = ((await host.dispatch('source:list', null)) as SourceState[]).find((s) => s.datasetName === 'echo');
    expect(state?.position).toEqual({ next: `${api.url}/echo?p=3`, rows: 100, pages: 2 });
    const shown = JSON.stringify([state, await host.dispatch('job:list', null), preview]);
    expect(shown).not.toContain(apiEchoKey);
    checkpointWal(host.currentProject!.db);
    expect(fileBytes(project)).not.toContain(apiEchoKey);
    api.recover();
    const resumed = (await host.dispatch('source:refresh', { datasetId: state!.datasetId })) as { jobId: string };
    const done = await host.jobs.wait(resumed.jobId);
    expect(done.error).toBeNull();
    expect(api.log.filter((l) => l.path.startsWith('/echo?p=3')).at(-1)?.status).toBe(200);
    expect(((await host.dispatch('job:list', null)) as JobInfo[]).find((j) => j.id === resumed.jobId)?.status).toBe('succeeded');
    checkpointWal(host.currentProject!.db);
    expect(fileBytes(project)).not.toContain(apiEchoKey);
  });

  it('the CLI: neither stderr nor the project file holds the echoed key', async () => {
    const file = path.join(dir, 'cli.assay');
    const run = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        // Async: the API runs in this process and must keep answering while the CLI pulls.
        const child = spawn(process.execPath, [path.join(distDir(), 'cli', 'assay.js'), ...args], { env: { PATH: process.env['PATH'] ?? '', ASSAY_HOME: path.join(dir, 'home'), ASSAY_API_SECRET: apiEchoKey } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    expect((await run(['new', file])).code).toBe(0);
    api.failFromPage = 2;
    const r = await run(['import', file, `${api.url}/echo`, '--paginate', 'link', '--auth', 'query:access_code', '--rps', '100']);
    api.recover();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/echo\?p=2 kept failing/);
    expect(r.stderr + r.stdout).not.toContain(apiEchoKey);
    expect(fileBytes(file)).not.toContain(apiEchoKey);
  });

  it('a redirect to another origin carries neither the API-key header nor the query key', async () => {
    api.redirectTo = other.url;
    const header = await host.dispatch('source:httpImport', { url: `${api.url}/hop?page=1`, recordsPath: 'data', maxRps: 100, auth: { kind: 'api-key', in: 'header', name: 'X-Api-Key', secret: keyRef } } satisfies HttpSourceSpec);
    const h = await host.jobs.wait((header as { jobId: string }).jobId);
    expect(h.error).toBeNull();
    const query = await host.dispatch('source:httpImport', { url: `${api.url}/hop?page=2`, recordsPath: 'data', maxRps: 100, auth: { kind: 'api-key', in: 'query', name: 'access_code', secret: keyRef } } satisfies HttpSourceSpec);
    const q = await host.jobs.wait((query as { jobId: string }).jobId);
    expect(q.error).toBeNull();
    // The source's own origin got the key; the other origin got the request without it.
    expect(api.log.filter((l) => l.path.startsWith('/hop')).map((l) => l.apiKey ?? l.path.includes(apiEchoKey))).toEqual([apiEchoKey, true]);
    const hops = other.log.filter((l) => l.path.startsWith('/page'));
    expect(hops).toHaveLength(2);
    for (const l of hops) {
      expect(l.apiKey).toBeNull();
      expect(l.path).not.toContain(apiEchoKey);
    }
  });
});
