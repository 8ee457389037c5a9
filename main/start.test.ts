import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { distDir } from './host/paths';
import { tempDir } from './host/testing';

const dir = tempDir();

describe('npm start (dist/main/start.js)', () => {
  it('says in one line why there is no desktop window, then serves browser mode and prints the URL', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ASSAY_HOME: dir };
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    const child = spawn(process.execPath, [path.join(distDir(), 'main', 'start.js')], { env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().split('\n')[0]));
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^assay: .*(Electron's binary|no display).*; starting browser mode instead\.$/);
    expect((await fetch(url)).status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });
});
