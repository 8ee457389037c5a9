import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { lockPath } from '../../../native-workers/project/owner-lock';
import { distDir } from '../paths';
import { tempDir } from '../testing';
import { UploadStore } from './uploads';

const dir = tempDir('assay-uploads-');
const cliPath = path.join(distDir(), 'cli', 'assay.js');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A real `assay serve` on `home`, and its URL once printed. */
async function serve(home: string): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], { env: { ...process.env, ASSAY_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(d.toString().split('\n')[0] ?? ''));
    child.once('exit', (code) => reject(new Error(`assay serve exited ${code}`)));
  });
  return { child, url: new URL(line) };
}

/** Uploads through a server as the page does; the stored file's path, found by its unique content. */
async function uploadTo(url: URL, uploads: string, content: string): Promise<string> {
  const res = await fetch(`${url.origin}/upload?name=a.csv&token=${url.searchParams.get('token')}`, { method: 'POST', body: content });
  expect(res.status).toBe(200);
  const file = fs
    .readdirSync(uploads, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.lock'))
    .map((e) => path.join(e.parentPath, e.name))
    .find((f) => fs.readFileSync(f, 'utf8') === content);
  if (!file) throw new Error('upload not stored');
  return file;
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

/** A store folder with one file and a lock as owner-lock.ts writes it, its heartbeat `ageMs` old. */
function fakeStore(parent: string, owner: { pid: number; hostname: string }, ageMs: number): string {
  const folder = path.join(parent, `${owner.pid}-${Math.random().toString(16).slice(2, 10)}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'x-part.csv'), 'x\n');
  fs.writeFileSync(lockPath(folder), JSON.stringify({ ...owner, startedAt: new Date().toISOString(), token: 'abc' }));
  const then = new Date(Date.now() - ageMs);
  fs.utimesSync(lockPath(folder), then, then);
  return folder;
}

describe('upload folders shared by several hosts', () => {
  it('a second host keeps a live host\'s uploads; once that host is killed, the next start removes them', async () => {
    const home = path.join(dir, 'two-serves');
    const uploads = path.join(home, 'config', 'uploads');
    const first = await serve(home);
    const kept = await uploadTo(first.url, uploads, 'first,host\n1,2\n');
    expect(fs.existsSync(lockPath(path.dirname(kept)))).toBe(true);

    const second = await serve(home);
    const theirs = await uploadTo(second.url, uploads, 'second,host\n3,4\n');
    expect(fs.existsSync(kept)).toBe(true);
    // And a host in this process, a third.
    const third = new UploadStore(uploads);
    expect(fs.existsSync(kept) && fs.existsSync(theirs)).toBe(true);

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const fourth = new UploadStore(uploads);
    expect(fs.existsSync(path.dirname(kept))).toBe(false);
    expect(fs.existsSync(lockPath(path.dirname(kept)))).toBe(false);
    expect(fs.existsSync(theirs)).toBe(true);
    third.clear();
    fourth.clear();
  });

  it('judges another machine\'s store by its heartbeat, never by a pid of this machine', () => {
    const parent = path.join(dir, 'shared-home');
    // A pid that is dead here may be alive on the other machine: its fresh heartbeat says it is.
    const otherLive = fakeStore(parent, { pid: deadPid(), hostname: `not-${os.hostname()}` }, 1000);
    const otherGone = fakeStore(parent, { pid: deadPid(), hostname: `not-${os.hostname()}` }, 10 * 60_000);
    const store = new UploadStore(parent);
    expect(fs.existsSync(otherLive)).toBe(true);
    expect(fs.existsSync(otherGone)).toBe(false);
    expect(fs.existsSync(lockPath(otherGone))).toBe(false);
    store.clear();
  });

  it('removes a crashed store whose pid was reused by another process (its heartbeat stopped)', () => {
    const parent = path.join(dir, 'reused-pid');
    // The parent of this test runner lives: a reused pid looks alive.
    const reused = fakeStore(parent, { pid: process.ppid, hostname: os.hostname() }, 10 * 60_000);
    const crashed = fakeStore(parent, { pid: deadPid(), hostname: os.hostname() }, 1000);
    const store = new UploadStore(parent);
    expect(fs.existsSync(reused)).toBe(false);
    expect(fs.existsSync(crashed)).toBe(false);
    store.clear();
  });

  it('holds its lock while it lives and lets go when cleared', async () => {
    const parent = path.join(dir, 'own');
    const store = new UploadStore(parent);
    const upload = await store.receive('a.csv', Readable.from([Buffer.from('a\n1\n')]));
    const folder = path.dirname(upload.path);
    expect(JSON.parse(fs.readFileSync(lockPath(folder), 'utf8'))).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    const other = new UploadStore(parent);
    expect(fs.existsSync(upload.path)).toBe(true);
    store.clear();
    expect(fs.existsSync(folder) || fs.existsSync(lockPath(folder))).toBe(false);
    other.clear();
  });
});
