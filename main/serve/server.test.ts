import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { spawnSync } from 'node:child_process';
import { FileRoots } from '../../native-workers/host-api';
import { Host, type HostOptions } from '../host/host';
import { rawRequest } from '../host/serving/http-test-client';
import { tempDir } from '../host/testing';
import type { ServerMessage } from '../../preload/contract/wire';
import { startServer, tokenCookieName, type ServerOptions } from './server';

const dir = tempDir();
const staticDir = path.join(dir, 'static');
fs.mkdirSync(staticDir);
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Assay</title>');

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

const cookie = (s: { port: number; token: string }): string => `${tokenCookieName(s.port)}=${s.token}`;

async function withServer(
  fn: (s: Awaited<ReturnType<typeof startServer>>, host: Host) => Promise<void>,
  options: { host?: Partial<HostOptions>; server?: Partial<ServerOptions> } = {},
): Promise<void> {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config'), ...options.host });
  const server = await startServer({ host, port: 0, staticDir, ...options.server });
  try {
    await fn(server, host);
  } finally {
    await server.close();
    await host.close();
  }
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function call(ws: WebSocket, id: number, channel: string, payload: unknown): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const msg = JSON.parse(String(data)) as ServerMessage;
      if ('id' in msg && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, payload }));
  });
}

/** Sends raw bytes (targets no HTTP client would build) and returns the status line of the answer. */
/** The status line the server answers a raw request with (one no well-behaved client would send). */
async function statusLine(port: number, text: string): Promise<string> {
  return (await rawRequest(port, text)).text.split('\r\n')[0] ?? '';
}

/** POSTs `chunks` to /upload (chunked unless `length` declares a Content-Length) and returns the answer. */
function upload(
  s: { port: number; token: string },
  name: string,
  chunks: Buffer[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: s.port, method: 'POST', path: `/upload?name=${encodeURIComponent(name)}`, headers: { cookie: cookie(s), ...headers } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    // The server may answer and close before the whole body is sent: the answer is what counts.
    req.on('error', (err) => (err.message.includes('EPIPE') || err.message.includes('ECONNRESET') ? undefined : reject(err)));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

/** Every file under the uploads folder of the test hosts. */
function uploadedFiles(): string[] {
  const root = path.join(dir, 'config', 'uploads');
  return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];
}

describe('browser-mode server', () => {
  it('answers 400 to request targets that are not URLs, and stays up', async () => {
    await withServer(async (s) => {
      const host = `Host: 127.0.0.1:${s.port}\r\nConnection: close\r\n`;
      expect(await statusLine(s.port, `GET http://[ HTTP/1.1\r\n${host}\r\n`)).toMatch(/^HTTP\/1\.1 400/);
      expect(await statusLine(s.port, `GET /% HTTP/1.1\r\n${host}Cookie: ${cookie(s)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 404/);
      expect(await statusLine(s.port, `GET http://[ HTTP/1.1\r\n${host}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
      // Still serving.
      expect((await get(`${s.origin}/?token=${s.token}`)).status).toBe(200);
    });
  });

  it('binds 127.0.0.1 with a random per-start token', async () => {
    await withServer(async (s) => {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
      await withServer(async (other) => expect(other.token).not.toBe(s.token));
    });
  });

  it('answers 401 without the token and 200 with it, setting a strict cookie and CSP', async () => {
    await withServer(async (s) => {
      expect((await get(`${s.origin}/`)).status).toBe(401);
      expect((await get(`${s.origin}/?token=wrong`)).status).toBe(401);
      const ok = await get(s.url);
      expect(ok.status).toBe(200);
      expect(ok.body).toContain('<title>Assay</title>');
      expect(ok.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
      expect(ok.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect((await get(`${s.origin}/index.html`, { cookie: cookie(s) })).status).toBe(200);
      expect((await get(`${s.origin}/../../etc/passwd?token=${s.token}`)).status).toBe(404);
    });
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    await withServer(async (s) => {
      expect((await get(s.url, { host: `evil.example:${s.port}` })).status).toBe(403);
    });
  });

  it('checks Host and Origin on every request with the model server\'s guard, saying where to go', async () => {
    await withServer(async (s) => {
      const wrongHost = await get(s.url, { host: `evil.example:${s.port}` });
      expect(wrongHost.body).toContain(`wrong Host header "evil.example:${s.port}": open ${s.origin}`);
      // Both loopback names are ours, as the guard's loopbackHosts has them.
      expect((await get(s.url, { host: `localhost:${s.port}` })).status).toBe(200);
      // A page on another port is the same site, so SameSite lets the cookie go with it: its Origin does not.
      const otherPage = await get(`${s.origin}/index.html`, { cookie: cookie(s), origin: 'http://127.0.0.1:1' });
      expect(otherPage.status).toBe(403);
      expect(otherPage.body).toContain(`only Assay's own page (${s.origin})`);
      expect((await get(`${s.origin}/index.html`, { cookie: cookie(s), origin: s.origin })).status).toBe(200);
      expect((await get(`${s.origin}/index.html`, { cookie: cookie(s), origin: `http://localhost:${s.port}` })).status).toBe(200);
    });
  });

  it('refuses a WebSocket without the token or from another origin', async () => {
    await withServer(async (s) => {
      await expect(openSocket(`ws://127.0.0.1:${s.port}/ws`)).rejects.toThrow(/401/);
      await expect(openSocket(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/401/);
    });
  });

  it('carries the contract, refuses undeclared channels and pushes events', async () => {
    await withServer(async (s) => {
      const ws = await openSocket(`ws://127.0.0.1:${s.port}/ws`, { cookie: cookie(s), origin: s.origin });
      const info = await call(ws, 1, 'app:info', null);
      expect(info).toMatchObject({ id: 1, ok: true, result: { mode: 'browser' } });
      const refused = await call(ws, 2, 'shell:exec', { cmd: 'rm -rf /' });
      expect(refused).toMatchObject({ id: 2, ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      const pushed = new Promise<ServerMessage>((resolve) =>
        ws.on('message', (d) => {
          const msg = JSON.parse(String(d)) as ServerMessage;
          if ('push' in msg && msg.push === 'project:changed') resolve(msg);
        }),
      );
      await call(ws, 3, 'project:new', { path: path.join(dir, 'ws.assay') });
      expect(await pushed).toMatchObject({ push: 'project:changed', payload: { name: 'ws' } });
      ws.close();
    });
  });

  it('streams an upload to the host', async () => {
    await withServer(async (s, host) => {
      const res = await fetch(`${s.origin}/upload?name=a.csv`, { method: 'POST', body: 'x,y\n1,2\n', headers: { cookie: cookie(s) } });
      const body = (await res.json()) as { uploadId: string; bytes: number };
      expect(body.bytes).toBe(8);
      expect(fs.readFileSync(host.uploads.get(body.uploadId).path, 'utf8')).toBe('x,y\n1,2\n');
      const denied = await fetch(`${s.origin}/upload?name=a.csv`, { method: 'POST', body: 'x' });
      expect(denied.status).toBe(401);
    });
  });

  it('refuses uploads over the limit with 413, keeping nothing, and stays up', async () => {
    await withServer(
      async (s, host) => {
        const before = uploadedFiles().length;
        const declared = await upload(s, 'big.csv', [Buffer.alloc(5000, 'a')], { 'content-length': '5000' });
        expect(declared.status).toBe(413);
        expect(JSON.parse(declared.body)).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/larger than this server accepts.*--max-upload-mb/) });
        // Chunked: no length to go by, so the bytes are counted as they come.
        const streamed = await upload(s, 'big.csv', [Buffer.alloc(600, 'a'), Buffer.alloc(600, 'a')]);
        expect(streamed.status).toBe(413);
        expect(uploadedFiles().slice(before)).toEqual([]);
        const ok = await upload(s, 'small.csv', [Buffer.from('x\n1\n')]);
        expect(ok.status).toBe(200);
        host.uploads.remove((JSON.parse(ok.body) as { uploadId: string }).uploadId);
      },
      { server: { maxUploadBytes: 1000 } },
    );
  });

  it('refuses an upload from another origin', async () => {
    await withServer(async (s) => {
      const res = await upload(s, 'a.csv', [Buffer.from('x\n1\n')], { origin: 'http://evil.example' });
      expect(res.status).toBe(403);
      expect((await upload(s, 'a.csv', [Buffer.from('x\n1\n')], { origin: s.origin })).status).toBe(200);
    });
  });

  it('stores uploads with long or odd names, and never answers with an internal path', async () => {
    await withServer(async (s, host) => {
      for (const name of [`${'é'.repeat(150)}${'x'.repeat(300)}.csv`, '../../etc/\u0000\n<b>.csv', '.hidden', '']) {
        const res = await upload(s, name, [Buffer.from('x\n1\n')]);
        expect(res.status).toBe(200);
        expect(res.body).not.toContain(dir);
        const { uploadId, bytes } = JSON.parse(res.body) as { uploadId: string; bytes: number };
        expect(bytes).toBe(4);
        expect(path.dirname(host.uploads.get(uploadId).path)).toMatch(new RegExp(`${process.pid}-[0-9a-f]+$`));
      }
    });
  });

  it('removes the uploads a crashed process left, at the next start', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const leftover = path.join(dir, 'config', 'uploads', `${dead.stdout}-abcd1234`);
    fs.mkdirSync(leftover, { recursive: true });
    fs.writeFileSync(path.join(leftover, 'x-half.csv'), 'x\n');
    const alive = path.join(dir, 'config', 'uploads', `${process.pid}-00000000`);
    fs.mkdirSync(alive, { recursive: true });
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    expect(fs.existsSync(leftover)).toBe(false);
    // Another store of a running process keeps its uploads.
    expect(fs.existsSync(alive)).toBe(true);
    fs.rmSync(alive, { recursive: true });
    void host.close();
  });

  it('names its cookie per instance: two servers stay logged in side by side', async () => {
    await withServer(async (a) => {
      await withServer(async (b) => {
        // A browser keeps one cookie per name and host, whatever the port.
        const jar = new Map<string, string>();
        for (const s of [a, b]) {
          const set = (await get(s.url)).headers['set-cookie']?.[0] ?? '';
          const [pair = ''] = set.split(';');
          const [name = '', value = ''] = pair.split('=');
          jar.set(name, value);
        }
        expect(jar.size).toBe(2);
        const header = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
        expect((await get(`${a.origin}/index.html`, { cookie: header })).status).toBe(200);
        expect((await get(`${b.origin}/index.html`, { cookie: header })).status).toBe(200);
        // One instance's cookie does not open the other.
        expect((await get(`${b.origin}/index.html`, { cookie: cookie({ port: b.port, token: a.token }) })).status).toBe(401);
      });
    });
  });

  it('--read-only is a rule of the server: no channel lifts it', async () => {
    const file = path.join(dir, 'ro.assay');
    const seed = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    seed.newProject(file);
    await seed.close();
    await withServer(
      async (s, host) => {
        host.openProject(file, true);
        const ws = await openSocket(`ws://127.0.0.1:${s.port}/ws`, { cookie: cookie(s), origin: s.origin });
        expect(await call(ws, 1, 'project:open', { path: file, readOnly: false })).toMatchObject({ ok: true, result: { readOnly: true } });
        expect(host.currentProject?.readOnly).toBe(true);
        expect(await call(ws, 2, 'dataset:delete', { datasetId: 1 })).toMatchObject({ ok: false, error: { code: 'READ_ONLY', message: expect.stringMatching(/--read-only/) } });
        expect(await call(ws, 3, 'project:saveAs', { path: path.join(dir, 'ro-copy.assay') })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
        expect(await call(ws, 4, 'project:close', null)).toMatchObject({ ok: true });
        expect(await call(ws, 5, 'project:new', { path: path.join(dir, 'ro-new.assay') })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
        // Without a project open, a writing channel is still refused by the rule, not merely by the missing project.
        expect(await call(ws, 6, 'watch:add', { path: dir })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
        expect(fs.existsSync(path.join(dir, 'ro-copy.assay'))).toBe(false);
        expect(fs.existsSync(path.join(dir, 'ro-new.assay'))).toBe(false);
        ws.close();
      },
      { host: { rules: { readOnly: true } } },
    );
  });

  it('--root: paths outside the folders, or leading out of them, are refused', async () => {
    const root = path.join(dir, 'root');
    const outside = path.join(dir, 'outside');
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.csv'), 'secret\n42\n');
    fs.writeFileSync(path.join(root, 'ok.csv'), 'x,y\n1,2\n');
    fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(root, 'link.csv'));
    fs.symlinkSync(outside, path.join(root, 'linkdir'));
    await withServer(
      async (s) => {
        const ws = await openSocket(`ws://127.0.0.1:${s.port}/ws`, { cookie: cookie(s), origin: s.origin });
        const preview = (id: number, p: string): Promise<ServerMessage> => call(ws, id, 'import:preview', { source: { kind: 'path', path: p } });
        const refused = { ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining(`Allowed folders: ${fs.realpathSync(root)}`) } };
        expect(await preview(1, '/etc/passwd')).toMatchObject(refused);
        expect(await preview(2, path.join(outside, 'secret.csv'))).toMatchObject(refused);
        expect(await preview(3, path.join(root, 'link.csv'))).toMatchObject(refused);
        expect(await preview(4, path.join(root, 'linkdir', 'secret.csv'))).toMatchObject(refused);
        expect(await preview(5, path.join(root, '..', 'outside', 'secret.csv'))).toMatchObject(refused);
        expect(await preview(6, path.join(root, 'ok.csv'))).toMatchObject({ ok: true });
        expect(await call(ws, 7, 'project:new', { path: path.join(root, 'p.assay') })).toMatchObject({ ok: true });
        expect(await call(ws, 8, 'project:saveAs', { path: path.join(outside, 'copy.assay') })).toMatchObject(refused);
        // A new file through a symlinked folder lands outside too.
        expect(await call(ws, 9, 'project:saveAs', { path: path.join(root, 'linkdir', 'copy.assay') })).toMatchObject(refused);
        expect(fs.readdirSync(outside)).toEqual(['secret.csv']);
        expect(await call(ws, 10, 'project:saveAs', { path: path.join(root, 'copy.assay') })).toMatchObject({ ok: true });
        expect(await call(ws, 11, 'import:preview', { source: { kind: 'path', path: 42 } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
        ws.close();
      },
      { host: { rules: { roots: new FileRoots([root]) } } },
    );
  });

  it('binds another address only when allowed, and only with folders to confine files to', async () => {
    const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
    await expect(startServer({ host, port: 0, staticDir, bind: '0.0.0.0' })).rejects.toThrow(/--allow-remote/);
    await expect(startServer({ host, port: 0, staticDir, bind: '0.0.0.0', allowRemote: true })).rejects.toThrow(/--root/);
    await host.close();
  });
});
