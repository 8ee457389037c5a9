import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasSocat, ptyWriter, startSocat, waitUntilOpened, type SocatPair } from '../../native-workers/streams/socat-pair';
import { datasetTable } from '../../native-workers/project/datasets';
import { sharedData, tempDir, waitFor } from '../host/testing';
import { columnStats, countTableRows, tableCells, tableRows } from '../../native-workers/project/inspect';
import { openDatabase } from '../../native-workers/project/open';
import { tableExists } from '../../native-workers/project/streams';
import { cliEnv, cliPath, runCli, runCliAsync, type CliResult } from './testing';

const dir = tempDir('assay-record-');
const env = cliEnv(dir);
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

const run = (args: string[]): Promise<CliResult> => runCliAsync(args, env);

/** Readings stored so far by the recording CLI (a read-only look while it writes). */
function stored(project: string): number {
  try {
    const db = openDatabase(project, { readonly: true });
    const n = tableExists(db, 'st_1') ? countTableRows(db, 'st_1') : 0;
    db.close();
    return n;
  } catch {
    return 0; // not created yet
  }
}

describe('assay record', () => {
  it('replays sensor_single_hop.csv as fast as storage allows and stores all 18914 readings', async () => {
    const project = path.join(dir, 'replay.assay');
    const csv = path.join(sharedData, 'sensor_single_hop.csv');
    const res = await run(['record', project, '--replay', csv, '--rate', '0', '--label', 'demo', '--json']);
    expect(res.stderr).toBe(`assay: replaying ${csv}\n`);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as Printed;
    expect(out).toMatchObject({ readings: 18914, malformed: 0, dropped: 0, gaps: 0, streamId: 1, recordingId: 1 });
    expect(out.rateHz).toBeGreaterThan(1000);
    const db = openDatabase(project, { readonly: true });
    expect(countTableRows(db, 'st_1', { recording_id: 1 })).toBe(18914);
    expect(tableRows(db, 'recordings', { columns: ['label', 'readings'] })).toEqual([{ label: 'demo', readings: 18914 }]);
    db.close();

    // Its "label" field clashes with the recording's label column: refused until one is renamed, saying how.
    const clash = await run(['export-recordings', project, '1', '--name', 'demo']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain('field named "label"');
    expect(clash.stderr).toContain('--rename field:label=label_source');
    const listed = await run(['export-recordings', project, '1', '--list-columns']);
    expect(listed.stdout).toMatch(/^- recording:device_time .*empty in every reading/m);
    const done = await run(['export-recordings', project, '1', '--name', 'demo', '--rename', 'field:label=label_source', '--without', 'field:reading', '--json']);
    expect(done.stderr).toBe('');
    const exported = JSON.parse(done.stdout) as { datasetId: number; rows: number; columns: string[] };
    expect(exported).toMatchObject({ rows: 18914, columns: ['host_time', 'mote_id', 'indoor', 'humidity', 'temperature', 'label_source', 'label'] });
    const after = openDatabase(project, { readonly: true });
    expect(tableRows(after, 'dataset_columns', { columns: ['name', 'type'], where: { dataset_id: exported.datasetId }, orderBy: 'position' })).toEqual([
      { name: 'host_time', type: 'datetime' },
      { name: 'mote_id', type: 'number' },
      { name: 'indoor', type: 'number' },
      { name: 'humidity', type: 'number' },
      { name: 'temperature', type: 'number' },
      { name: 'label_source', type: 'number' },
      { name: 'label', type: 'text' },
    ]);
    const firstStored = tableRows(after, 'st_1', { columns: ['host_time', 'f5'], orderBy: 'seq' })[0] as { host_time: number; f5: number };
    const firstRow = tableCells(after, datasetTable(exported.datasetId))[0];
    expect(firstRow).toEqual([new Date(firstStored.host_time).toISOString(), 1, 1, 45.93, 27.97, firstStored.f5, 'demo']);
    // The file's anomaly labels survive under their new name: 0.8 % of 18914 readings are 1.
    const anomalies = countTableRows(after, datasetTable(exported.datasetId), { c5: 1 });
    expect(anomalies).toBe(countTableRows(after, 'st_1', { f5: 1 }));
    expect(anomalies).toBeGreaterThan(100);
    after.close();
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
    expect(res.code, res.stderr).toBe(0);
    const printed = JSON.parse(res.stdout) as Printed;
    expect(printed.readings).toBeGreaterThan(500);
    expect(printed).toMatchObject({ malformed: 0, dropped: 0, gaps: 0, recordingId: null });
    expect(printed.rateHz).toBeGreaterThan(300);
    expect(Date.now() - started).toBeLessThan(15_000);
    const db = openDatabase(project, { readonly: true });
    expect(countTableRows(db, 'st_1')).toBe(printed.readings);
    db.close();
  });

  (socat ? it : it.skip)('says "listening on" once the port is open, and records what is sent after it from the first line', async () => {
    const p = await startSocat(path.join(dir, 'L-A'), path.join(dir, 'L-B'));
    pairs.push(p);
    const project = path.join(dir, 'listening.assay');
    const child = spawn(process.execPath, [cliPath, 'record', project, '--serial', p.b, '--baud', '57600', '--json'], { env });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The script's side: nothing is sent until the CLI says it listens.
    const line = await new Promise<string>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`no "listening on" line within 20 s; stderr: ${err}`)), 20_000);
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('\n')) {
          clearTimeout(timer);
          resolve(err);
        }
      });
    });
    expect(line).toBe(`assay: listening on ${p.b} at 57600 baud\n`);
    const out = ptyWriter(p.a);
    const sent = 300;
    for (let i = 1; i <= sent; i++) {
      await out.write(`seq=${i},temp=${(20 + Math.sin(i / 10)).toFixed(3)}\n`);
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    // Stop once every line is stored: the summary then counts exactly what was sent.
    await waitFor(() => stored(project) >= sent, { what: `${sent} readings stored`, everyMs: 100 });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await out.close();
    expect(JSON.parse(stdout) as Printed).toMatchObject({ readings: sent, malformed: 0 });
    const db = openDatabase(project, { readonly: true });
    expect(columnStats(db, 'st_1', 'f0')).toMatchObject({ min: 1, max: sent, n: sent });
    db.close();
  });

  it('stops cleanly on SIGTERM and still prints the summary', async () => {
    const project = path.join(dir, 'sigterm.assay');
    const child = spawn(process.execPath, [cliPath, 'record', project, '--replay', path.join(sharedData, 'sensor_single_hop.csv'), '--rate', '200', '--json'], { env });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // Wait until readings are being stored, then stop.
    await waitFor(() => stored(project) > 50, { what: 'readings being stored', everyMs: 100 });
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
    const res = runCli(['record', path.join(dir, 'x.assay'), '--json'], { env });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/exactly one of --serial, --mqtt, --replay/);
  });
});
