/**
 * For the CLI's tests: the built `assay` run as a user runs it, one process per call. The tests
 * test the build (dist/cli/assay.js): `npm run test:unit` builds first.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { distDir } from '../host/paths';

/** What one CLI call left: its exit code (null if killed) and its output. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const cliPath = path.join(distDir(), 'cli', 'assay.js');

/** The environment of a test file's CLI calls: the test's own, with ASSAY_HOME (recent projects, keys) in its temp folder. */
export function cliEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, ASSAY_HOME: path.join(dir, 'home') };
}

export interface CliOptions {
  readonly env: NodeJS.ProcessEnv;
  /** A call that trains or starts servers takes minutes on the shared 2-core machine. Default 60 s. */
  readonly timeoutMs?: number;
}

/** Runs `assay ARGS…` to its end. */
export function runCli(args: readonly string[], opts: CliOptions): CliResult {
  const res = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: opts.env, timeout: opts.timeoutMs ?? 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** `assay(...args)` for one test file: every call with the same environment and time limit. */
export function cliRunner(opts: CliOptions): (...args: string[]) => CliResult {
  return (...args) => runCli(args, opts);
}

/** Runs `assay ARGS…` without blocking the test (for calls that the test talks to, or that run beside others). */
export function runCliAsync(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 'close', not 'exit': the output streams are read to their end.
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The `--json` output of a call that must have succeeded quietly. */
export function json<T>(res: CliResult): T {
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as T;
}
