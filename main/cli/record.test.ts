import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasSocat, ptyWriter, startSocat, waitUntilOpened, type SocatPair } from '../../native-workers/streams/socat-pair';
import { distDir } from '../host/paths';
import { sharedData, tempDir } from '../host/testing';
import { countTableRows, tableRows } from '../../native-workers/project/inspect';
import { openDatabase } from '../../native-workers/project/open';
import { tableExists } from '../../native-workers/project/streams';

const dir = tempDir('assay-record-');
const cliPath = path.join(distDir(), 'cli', 'assay.js');
const env = { ...process.env, ASSAY_HOME: path.join(dir, 'home') };
const socat = hasSocat();
if (!socat) console.warn('assay record tests: socat is not installed, so the serial test is skipped (apt-get install socat)');
const pairs: SocatPair[] = [];
afterAll(async () => {
  await Promise.all(pairs.map((p) => p.kill()));
});

interface Printed {
  readings: number;
  malformed: number;
  dropped: number;
  gaps: number;
  rateHz: number;
  streamId: number;
  recordingId: number | null;
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('assay record', () => {
  it('replays sensor_single_hop.csv as fast as storage allows and stores all 18914 readings', async () => {
    const project = path.join(dir, 'replay.assay');
    const res = await run(['record', project, '--replay', path.join(sharedData, 'sensor_single_hop.csv'), '--rate', '0', '--label', 'demo', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as Printed;
    expect(out).toMatchObject({ readings: 18914, malformed: 0, dropped: 0, gaps: 0, streamId: 1, recordingId: 1 });
    expect(out.rateHz).toBeGreaterThan(1000);
    const db = openDatabase(project, { readonly: true });
    expect(countTableRows(db, 'st_1', { recording_id: 1 })).toBe(18914);
    expect(tableRows(db, 'recordings', { columns: ['label', 'readings'] })).toEqual([{ label: 'demo', readings: 18914 }]);
    db.close();
  });

  (socat ? it : it.skip)('records a serial port for --duration 2 and prints the summary', async () => {
    const p = await startSocat(path.join(dir, 'A'), path.join(dir, 'B'));
    pairs.push(p);
    const project = path.join(dir, 'serial.assay');
    const started = Date.now();
    const done = run(['record', project, '--serial', p.b, '--duration', '2', '--json']);
    const out = ptyWriter(p.a);
    let i = 0;
    // A device that sends 1 kHz of CSV lines; the CLI first detects the protocol, then records.
    const timer = setInterval(() => {
      let s = '';
      for (let k = 0; k < 10; k++) s += `${++i},${(20 + Math.sin(i)).toFixed(3)},${i % 50}\n`;
      void out.write(s);
    }, 10);
    await waitUntilOpened(p.b);
    const res = await done;
    clearInterval(timer);
    await out.close();
    expect(res.code).toBe(0);
    const printed = JSON.parse(res.stdout) as Printed;
    expect(printed.readings).toBeGreaterThan(500);
    expect(printed).toMatchObject({ malformed: 0, dropped: 0, gaps: 0, recordingId: null });
    expect(printed.rateHz).toBeGreaterThan(300);
    expect(Date.now() - started).toBeLessThan(15_000);
    const db = openDatabase(project, { readonly: true });
    expect(countTableRows(db, 'st_1')).toBe(printed.readings);
    db.close();
  });

  it('stops cleanly on SIGTERM and still prints the summary', async () => {
    const project = path.join(dir, 'sigterm.assay');
    const child = spawn(process.execPath, [cliPath, 'record', project, '--replay', path.join(sharedData, 'sensor_single_hop.csv'), '--rate', '200', '--json'], { env });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // Wait until readings are being stored, then stop.
    const deadline = Date.now() + 20_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      try {
        const db = openDatabase(project, { readonly: true });
        const n = tableExists(db, 'st_1') ? countTableRows(db, 'st_1') : 0;
        db.close();
        if (n > 50) break;
      } catch {
        // Not created yet.
      }
      if (Date.now() > deadline) throw new Error('no readings');
    }
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as Printed;
    expect(printed.readings).toBeGreaterThan(50);
    expect(printed.readings).toBeLessThan(18914);
    const db = openDatabase(project, { readonly: true });
    expect(countTableRows(db, 'st_1')).toBe(printed.readings);
    db.close();
  });

  it('refuses a command line without exactly one source', () => {
    const res = spawnSync(process.execPath, [cliPath, 'record', path.join(dir, 'x.assay'), '--json'], { encoding: 'utf8', env });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/exactly one of --serial, --mqtt, --replay/);
  });
});
