import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Host } from '../host/host';
import { tempDir } from '../host/testing';
import type { ServerMessage } from '../../preload/contract/wire';
import { startServer } from './server';

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

async function withServer(fn: (s: Awaited<ReturnType<typeof startServer>>, host: Host) => Promise<void>): Promise<void> {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  const server = await startServer({ host, port: 0, staticDir });
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
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

describe('browser-mode server', () => {
  it('answers 400 to request targets that are not URLs, and stays up', async () => {
    await withServer(async (s) => {
      const host = `Host: 127.0.0.1:${s.port}\r\nConnection: close\r\n`;
      expect(await rawRequest(s.port, `GET http://[ HTTP/1.1\r\n${host}\r\n`)).toMatch(/^HTTP\/1\.1 400/);
      expect(await rawRequest(s.port, `GET /% HTTP/1.1\r\n${host}Cookie: assay_token=${s.token}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 404/);
      expect(await rawRequest(s.port, `GET http://[ HTTP/1.1\r\n${host}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
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
      expect((await get(`${s.origin}/index.html`, { cookie: `assay_token=${s.token}` })).status).toBe(200);
      expect((await get(`${s.origin}/../../etc/passwd?token=${s.token}`)).status).toBe(404);
    });
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    await withServer(async (s) => {
      expect((await get(s.url, { host: `evil.example:${s.port}` })).status).toBe(403);
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
      const ws = await openSocket(`ws://127.0.0.1:${s.port}/ws`, { cookie: `assay_token=${s.token}`, origin: s.origin });
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
      const res = await fetch(`${s.origin}/upload?name=a.csv`, { method: 'POST', body: 'x,y\n1,2\n', headers: { cookie: `assay_token=${s.token}` } });
      const body = (await res.json()) as { uploadId: string; bytes: number };
      expect(body.bytes).toBe(8);
      expect(fs.readFileSync(host.uploads.get(body.uploadId).path, 'utf8')).toBe('x,y\n1,2\n');
      const denied = await fetch(`${s.origin}/upload?name=a.csv`, { method: 'POST', body: 'x' });
      expect(denied.status).toBe(401);
    });
  });
});
