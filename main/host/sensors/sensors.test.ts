import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AssayError } from '../../../preload/contract/errors';
import type { DetectResult, LiveFrame, RecordingInfo, StreamHistory, StreamStatus, StreamSummary } from '../../../preload/contract/sensors';
import type { RecordingExportPlan } from '../../../preload/contract/recording-export';
import type { RowPage } from '../../../preload/contract/types';
import { hasSocat, ptyWriter, startSocat, waitUntilClosed, waitUntilOpened, type SocatPair } from '../../../native-workers/streams/socat-pair';
import { slipEncode } from '../../../native-workers/ml/stream/slip';
import { Host } from '../host';
import { sharedData, tempDir, waitFor } from '../testing';
import { columnStats, countTableRows, tableCells, tableRows } from '../../../native-workers/project/inspect';

const dir = tempDir('assay-sensors-');
const socat = hasSocat();
if (!socat) console.warn('sensors tests: socat is not installed, so the serial tests are skipped (apt-get install socat)');
const serialIt = socat ? it : it.skip;
let n = 0;
const pairs: SocatPair[] = [];
const hosts: Host[] = [];
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  await Promise.all(pairs.map((p) => p.kill()));
});

interface Watched {
  host: Host;
  statuses: StreamStatus[];
  frames: LiveFrame[];
  latest(streamId: number): StreamStatus | undefined;
}

function newHost(): Watched {
  const host = new Host({ mode: 'browser', configDir: path.join(dir, 'config') });
  hosts.push(host);
  host.newProject(path.join(dir, `s${++n}.assay`));
  const statuses: StreamStatus[] = [];
  const frames: LiveFrame[] = [];
  host.push.subscribe((channel, payload) => {
    if (channel === 'stream:status') statuses.push(payload as StreamStatus);
    if (channel === 'stream:frame') frames.push(payload as LiveFrame);
  });
  return { host, statuses, frames, latest: (id) => statuses.filter((s) => s.streamId === id).at(-1) };
}

async function pair(): Promise<SocatPair> {
  const k = ++n;
  const p = await startSocat(path.join(dir, `a${k}`), path.join(dir, `b${k}`));
  pairs.push(p);
  return p;
}

/** Waits until a recording holds at least n stored readings (a recording that long). */
async function recorded(w: Watched, streamId: number, recordingId: number, n: number): Promise<void> {
  const count = (): number => countTableRows(db(w), `st_${streamId}`, { recording_id: recordingId });
  await waitFor(() => count() >= n, { what: `${n} readings in recording ${recordingId}` });
}

/** The worker process (dist/workers/worker.js) that has `file` open: a stream job's, to kill it as a crash would. */
function workerHolding(file: string): number | undefined {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workers/worker.js')) continue;
      if (fs.readdirSync(`/proc/${pid}/fd`).some((fd) => fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === file)) return Number(pid);
    } catch {
      // The process ended while being read.
    }
  }
  return undefined;
}

const csvFields = ['seq', 'a', 'b', 'c', 'd', 'e'].map((name) => ({ name }));
const csvLine = (i: number): string => `${i},${(i * 0.5).toFixed(1)},${Math.sin(i).toFixed(4)},${i % 7},${(i % 100) / 10},1\n`;

function db(w: Watched) {
  const store = w.host.currentProject;
  if (!store) throw new Error('no project');
  return store.db;
}

async function dispatch<T>(w: Watched, channel: string, payload: unknown): Promise<T> {
  return (await w.host.dispatch(channel, payload)) as T;
}

describe('stream:detect', () => {
  serialIt('recognises CSV with a header, key=value pairs and JSON lines, with a rate', async () => {
    const w = newHost();
    const cases: { lines: (i: number) => string; header?: string; check: (d: DetectResult) => void }[] = [
      {
        header: 'seq,temp,hum\n',
        lines: (i) => `${i},${(20 + Math.sin(i)).toFixed(2)},${40 + (i % 5)}\n`,
        check: (d) => {
          expect(d.protocol).toEqual({ kind: 'csv', delimiter: ',', header: true });
          expect(d.fields.map((f) => f.name)).toEqual(['seq', 'temp', 'hum']);
        },
      },
      {
        lines: (i) => `seq=${i} temp=${(20 + Math.sin(i)).toFixed(2)} hum=${40 + (i % 5)}\r\n`,
        check: (d) => {
          expect(d.protocol.kind).toBe('kv');
          expect(d.fields.map((f) => f.name)).toEqual(['seq', 'temp', 'hum']);
        },
      },
      {
        lines: (i) => `${JSON.stringify({ seq: i, temp: 20 + (i % 3), hum: 41 })}\n`,
        check: (d) => {
          expect(d.protocol.kind).toBe('json');
          expect(d.fields.map((f) => f.name)).toEqual(['seq', 'temp', 'hum']);
        },
      },
    ];
    for (const c of cases) {
      const p = await pair();
      const detecting = dispatch<DetectResult>(w, 'stream:detect', { source: { kind: 'serial', path: p.b }, seconds: 5 });
      await waitUntilOpened(p.b);
      const out = ptyWriter(p.a);
      if (c.header) await out.write(c.header);
      let i = 0;
      const timer = setInterval(() => void out.write([1, 2, 3].map(() => c.lines(++i)).join('')), 5);
      try {
        const d = await detecting;
        c.check(d);
        expect(d.sample.length).toBeGreaterThan(0);
        expect(d.rateHz).toBeGreaterThan(50);
      } finally {
        clearInterval(timer);
        await out.close();
        await p.kill();
      }
    }
  });

  serialIt('warns when the measured rate cannot fit the baud rate', async () => {
    const w = newHost();
    const p = await pair();
    const detecting = dispatch<DetectResult>(w, 'stream:detect', { source: { kind: 'serial', path: p.b, baudRate: 1200 }, seconds: 5 });
    await waitUntilOpened(p.b);
    const out = ptyWriter(p.a);
    let i = 0;
    const timer = setInterval(() => void out.write(csvLine(++i) + csvLine(++i)), 5);
    const d = await detecting.finally(() => clearInterval(timer));
    expect(d.warnings.join(' ')).toMatch(/baud/i);
    await out.close();
  });

  serialIt('warns when the declared rate would not fit the baud rate, even if the link is slow now', async () => {
    const w = newHost();
    const p = await pair();
    const detecting = dispatch<DetectResult>(w, 'stream:detect', {
      source: { kind: 'serial', path: p.b, baudRate: 9600, declaredRateHz: 500 },
      seconds: 1,
    });
    await waitUntilOpened(p.b);
    const out = ptyWriter(p.a);
    let i = 0;
    const timer = setInterval(() => void out.write(csvLine(++i)), 50);
    const d = await detecting.finally(() => clearInterval(timer));
    expect(d.warnings.find((x) => x.startsWith('At the declared rate'))).toMatch(/500 Hz × [\d.]+ bytes needs [\d,]+ baud; the port runs at 9,600/);
    expect(d.warnings.filter((x) => !x.startsWith('At the declared rate'))).toEqual([]);
    await out.close();
  });

  serialIt('says clearly when nothing arrives or the port is missing', async () => {
    const w = newHost();
    const p = await pair();
    await expect(dispatch(w, 'stream:detect', { source: { kind: 'serial', path: p.b }, seconds: 1 })).rejects.toThrow(
      /No data from .* in 1 s: is the device sending, and the baud rate right\?/,
    );
    await expect(dispatch(w, 'stream:detect', { source: { kind: 'serial', path: path.join(dir, 'nope') } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/does not exist/),
    });
  });
});

describe('stream over a socat serial pair', () => {
  serialIt('stores every line with 0 loss (checked by sequence numbers), with frames and status', async () => {
    const w = newHost();
    const p = await pair();
    const { streamId } = await dispatch<{ streamId: number }>(w, 'stream:start', {
      name: 'bench',
      source: { kind: 'serial', path: p.b },
      protocol: { kind: 'csv', delimiter: ',', header: false },
      fields: csvFields,
    });
    await waitUntilOpened(p.b);
    await waitFor(() => w.latest(streamId)?.state === 'live', { what: 'live' });
    const total = 100_000;
    const out = ptyWriter(p.a);
    const t0 = Date.now();
    for (let i = 1; i <= total; ) {
      let chunk = '';
      for (let k = 0; k < 500 && i <= total; k++) chunk += csvLine(i++);
      await out.write(chunk);
    }
    await waitFor(() => (w.latest(streamId)?.readings ?? 0) >= total, { what: `${total} readings`, timeoutMs: 60_000 });
    const seconds = (Date.now() - t0) / 1000;
    console.log(`socat serial: ${total} readings of 6 fields in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} readings/s stored`);
    await dispatch(w, 'stream:stop', { streamId });
    expect(columnStats(db(w), `st_${streamId}`, 'f0')).toEqual({ n: total, distinct: total, min: 1, max: total });
    const [summary] = await dispatch<StreamSummary[]>(w, 'stream:list', null);
    expect(summary).toMatchObject({ id: streamId, readingCount: total, status: null, jobId: null });
    expect(w.frames.filter((f) => f.streamId === streamId).length).toBeGreaterThan(0);
    expect(Math.max(...w.frames.map((f) => f.t.length))).toBeLessThanOrEqual(500 * 6);
    expect(w.latest(streamId)).toMatchObject({ state: 'stopped', readings: total, dropped: 0, malformed: 0 });
    await out.close();
  });

  serialIt('detects the format from its own first lines and stores those lines too (nothing heard is lost)', async () => {
    const w = newHost();
    const p = await pair();
    const { streamId } = await dispatch<{ streamId: number }>(w, 'stream:start', { name: 'auto', source: { kind: 'serial', path: p.b } });
    await waitUntilOpened(p.b);
    const out = ptyWriter(p.a);
    const total = 300;
    let lines = 'seq,temp,hum,mote,volt,flag\n';
    for (let i = 1; i <= total; i++) lines += csvLine(i);
    await out.write(lines);
    await waitFor(() => (w.latest(streamId)?.readings ?? 0) >= total, { what: `${total} readings`, timeoutMs: 30_000 });
    await dispatch(w, 'stream:stop', { streamId });
    const [summary] = await dispatch<StreamSummary[]>(w, 'stream:list', null);
    expect(summary.protocol).toEqual({ kind: 'csv', delimiter: ',', header: true });
    expect(summary.fields.map((f) => f.name)).toEqual(['seq', 'temp', 'hum', 'mote', 'volt', 'flag']);
    expect(columnStats(db(w), `st_${streamId}`, 'f0')).toMatchObject({ n: total, min: 1, max: total });
    await out.close();
  });

  serialIt('counts malformed and garbage lines (kept with their raw text) and stores every good line', async () => {
    const w = newHost();
    const p = await pair();
    const { streamId } = await dispatch<{ streamId: number }>(w, 'stream:start', {
      name: 'noisy',
      source: { kind: 'serial', path: p.b },
      protocol: { kind: 'csv', delimiter: ',', header: false },
      fields: csvFields,
    });
    await waitUntilOpened(p.b);
    await waitFor(() => w.latest(streamId)?.state === 'live', { what: 'live' });
    const out = ptyWriter(p.a);
    let good = 0;
    let bad = 0;
    for (let i = 1; i <= 2000; i++) {
      await out.write(csvLine(i));
      good++;
      if (i % 100 === 0) {
        await out.write('1,2,3\n');
        await out.write(Buffer.from([0xff, 0xfe, 0xc0, 0x00, 0x0a]).toString('latin1'));
        await out.write('hello world\n');
        bad += 3;
      }
    }
    // A line cut across writes is one line, not two.
    await out.write('2001,1.0,0.5');
    await new Promise((r) => setTimeout(r, 50)); // two writes apart in time: not a condition
    await out.write(',3,4,1\n');
    good++;
    await waitFor(() => (w.latest(streamId)?.readings ?? 0) + (w.latest(streamId)?.malformed ?? 0) >= good + bad, { what: 'all lines' });
    await dispatch(w, 'stream:stop', { streamId });
    const status = w.latest(streamId);
    expect(status).toMatchObject({ readings: good, malformed: bad, dropped: 0 });
    expect(columnStats(db(w), `st_${streamId}`, 'f0')).toMatchObject({ n: good, max: 2001 });
    const events = tableRows(db(w), 'stream_events', { columns: ['detail'], where: { stream_id: streamId, kind: 'malformed' } }) as { detail: string }[];
    expect(events).toHaveLength(bad);
    expect(events.map((e) => (JSON.parse(e.detail) as { raw: string }).raw)).toContain('hello world');
    await out.close();
  });

  serialIt('at 1 kHz, frames reach the host within 100 ms of the line arriving (p99), at most ~60 per second', async () => {
    const w = newHost();
    const p = await pair();
    const latencies: number[] = [];
    w.host.push.subscribe((channel, payload) => {
      if (channel === 'stream:frame') latencies.push(Date.now() - (payload as LiveFrame).newestArrival);
    });
    const { streamId } = await dispatch<{ streamId: number }>(w, 'stream:start', {
      name: 'khz',
      source: { kind: 'serial', path: p.b },
      protocol: { kind: 'csv', delimiter: ',', header: false },
      fields: csvFields,
      pipeline: { validation: [], transforms: [], analytics: [{ kind: 'rolling', field: 'b', windowSeconds: 1, stats: ['mean', 'std'] }] },
    });
    await waitUntilOpened(p.b);
    await waitFor(() => w.latest(streamId)?.state === 'live', { what: 'live' });
    const out = ptyWriter(p.a);
    let i = 0;
    const started = Date.now();
    // 1 kHz as a device sends it: a line per millisecond, in small bursts of the timer's resolution.
    while (Date.now() - started < 3000) {
      const due = Date.now() - started;
      let chunk = '';
      while (i < due) chunk += csvLine(++i);
      if (chunk) await out.write(chunk);
      await new Promise((r) => setTimeout(r, 2));
    }
    await waitFor(() => (w.latest(streamId)?.readings ?? 0) >= i, { what: 'all lines' });
    await dispatch(w, 'stream:stop', { streamId });
    const frames = w.frames.filter((f) => f.streamId === streamId);
    // A frame every 16 ms at most (native-workers/jobs/stream.ts frameIntervalMs), none when nothing is new.
    expect(frames.length).toBeLessThanOrEqual(Math.ceil(((Date.now() - started) / 1000) * 63) + 2);
    expect(Object.keys(frames[0].series)).toEqual(expect.arrayContaining(['seq', 'b', 'b.mean', 'b.std']));
    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)];
    console.log(`1 kHz: ${frames.length} frames, line arrival → host frame latency p50 ${sorted[Math.floor(sorted.length / 2)]} ms, p99 ${p99} ms`);
    expect(p99).toBeLessThan(100);
    await out.close();
  });

  serialIt('reads SLIP-framed float32 records (binary framing), counting a frame of the wrong size', async () => {
    const w = newHost();
    const p = await pair();
    const { streamId } = await dispatch<{ streamId: number }>(w, 'stream:start', {
      name: 'binary',
      source: { kind: 'serial', path: p.b },
      protocol: { kind: 'slip-f32' },
      fields: [{ name: 'seq' }, { name: 'x' }, { name: 'y' }],
    });
    await waitUntilOpened(p.b);
    await waitFor(() => w.latest(streamId)?.state === 'live', { what: 'live' });
    const out = ptyWriter(p.a);
    const frame = (i: number): Uint8Array => {
      // 0xC0 and 0xDB bytes inside the floats exercise SLIP escaping.
      const buf = Buffer.alloc(12);
      buf.writeFloatLE(i, 0);
      buf.writeFloatLE(-2.0000457763671875 * i, 4);
      buf.writeUInt32LE(0xc0dbc0db, 8);
      return slipEncode(buf);
    };
    for (let i = 1; i <= 1000; i++) {
      await out.write(frame(i));
      if (i === 500) await out.write(slipEncode(new Uint8Array([1, 2, 3])));
    }
    await waitFor(() => (w.latest(streamId)?.readings ?? 0) >= 1000 && (w.latest(streamId)?.malformed ?? 0) >= 1, { what: '1000 frames' });
    await dispatch(w, 'stream:stop', { streamId });
    expect(w.latest(streamId)).toMatchObject({ readings: 1000, malformed: 1 });
    const rows = tableRows(db(w), `st_${streamId}`, { columns: ['f0', 'f1'], orderBy: 'seq' }) as { f0: number; f1: number }[];
    expect(rows.map((r) => r.f0)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(rows[9].f1).toBeCloseTo(-20.000457763671875, 4);
    await out.close();
  });

  serialIt('reconnects after the port vanishes, records the gap, and keeps readings from before and after', async () => {
    const w = newHost();
    const p = await pair();
    const { streamId } = await dispatch<{ streamId: number }>(w, 'stream:start', {
      name: 'flaky',
      source: { kind: 'serial', path: p.b },
      protocol: { kind: 'csv', delimiter: ',', header: false },
      fields: csvFields,
    });
    await waitUntilOpened(p.b);
    await waitFor(() => w.latest(streamId)?.state === 'live', { what: 'live' });
    let out = ptyWriter(p.a);
    for (let i = 1; i <= 500; i++) await out.write(csvLine(i));
    await waitFor(() => (w.latest(streamId)?.readings ?? 0) >= 500, { what: 'first 500' });
    await out.close();
    await p.kill();
    await waitFor(() => w.latest(streamId)?.state === 'reconnecting', { what: 'reconnecting' });
    expect(w.latest(streamId)?.lastError).toBeTruthy();
    await new Promise((r) => setTimeout(r, 600)); // the gap itself: the test checks it lasted > 0.5 s
    const again = await startSocat(p.a, p.b);
    pairs.push(again);
    await waitFor(() => w.latest(streamId)?.state === 'live', { what: 'live again', timeoutMs: 15_000 });
    await waitUntilOpened(again.b);
    out = ptyWriter(again.a);
    for (let i = 501; i <= 1000; i++) await out.write(csvLine(i));
    await waitFor(() => (w.latest(streamId)?.readings ?? 0) >= 1000, { what: 'all 1000' });
    await dispatch(w, 'stream:stop', { streamId });
    expect(w.latest(streamId)).toMatchObject({ readings: 1000, gaps: 1, reconnects: 1 });
    expect(columnStats(db(w), `st_${streamId}`, 'f0').distinct).toBe(1000);
    const gap = tableRows(db(w), 'stream_events', { columns: ['detail'], where: { stream_id: streamId, kind: 'gap' } }) as { detail: string }[];
    expect(gap).toHaveLength(1);
    expect(JSON.parse(gap[0].detail)).toMatchObject({ seconds: expect.any(Number) });
    expect((JSON.parse(gap[0].detail) as { seconds: number }).seconds).toBeGreaterThan(0.5);
    await out.close();
  });
});

describe('a lost pseudo-terminal', () => {
  serialIt('is not reopened through the link it left behind: the next pty with its number belongs to another program', async () => {
    const w = newHost();
    const first = await pair();
    const config = { protocol: { kind: 'csv', delimiter: ',', header: false }, fields: csvFields };
    const { streamId } = await dispatch<{ streamId: number }>(w, 'stream:start', { name: 'old', source: { kind: 'serial', path: first.b }, ...config });
    await waitUntilOpened(first.b);
    await waitFor(() => w.latest(streamId)?.state === 'live', { what: 'live' });
    const number = fs.realpathSync(first.b);
    // Killed outright (a crashed simulator, a failed benchmark): its links stay, naming that number.
    await first.kill('SIGKILL');
    await waitFor(() => w.latest(streamId)?.state === 'reconnecting', { what: 'reconnecting' });
    await waitUntilClosed(number); // the stream closes the dead port: the number is free
    const next = await pair();
    const taken = fs.realpathSync(next.a) === number ? next.a : fs.realpathSync(next.b) === number ? next.b : null;
    if (taken === null) {
      console.warn(`lost pty test: the kernel gave ${number} to another program this time; nothing to check`);
      return;
    }
    expect(fs.realpathSync(first.b)).toBe(fs.realpathSync(taken)); // the stale link now names the new pair's end
    // The old stream's next retry sees the link name another pty: it keeps waiting and says why…
    await waitFor(() => w.latest(streamId)?.lastError?.includes('named a pseudo-terminal that is gone'), { what: 'the stream to refuse the stale link' });
    // …and goes on refusing over the next retries (an absence: only time shows it).
    await new Promise((r) => setTimeout(r, 1500));
    expect(w.latest(streamId)).toMatchObject({ state: 'reconnecting', readings: 0, lastError: expect.stringContaining('named a pseudo-terminal that is gone') });
    // The new pair's owner reads its own lines: nobody else holds its pty or takes them.
    const mine = await dispatch<{ streamId: number }>(w, 'stream:start', { name: 'new', source: { kind: 'serial', path: taken }, ...config });
    await waitFor(() => w.latest(mine.streamId)?.state === 'live', { what: 'new live' });
    const out = ptyWriter(taken === next.a ? next.b : next.a);
    for (let i = 1; i <= 200; i++) await out.write(csvLine(i));
    await waitFor(() => (w.latest(mine.streamId)?.readings ?? 0) >= 200, { what: '200 in the new stream' });
    expect(w.latest(streamId)?.readings).toBe(0);
    await out.close();
    await dispatch(w, 'stream:stop', { streamId });
    await dispatch(w, 'stream:stop', { streamId: mine.streamId });
  });
});

describe('recordings, history and export (replay source)', () => {
  it('records labelled sessions, exports them to a dataset with a label column, and decimates history', async () => {
    const w = newHost();
    const csv = path.join(sharedData, 'sensor_single_hop.csv');
    const { streamId } = await dispatch<{ streamId: number }>(w, 'stream:start', {
      name: 'replay',
      source: { kind: 'replay', path: csv, rateHz: 2000, loop: true },
      pipeline: {
        // Humidity sits around 46 % in this file: a range rule up to 45 flags most readings.
        validation: [{ kind: 'range', field: 'humidity', max: 45 }],
        transforms: [
          { kind: 'linear', field: 'temperature', scale: 1.8, offset: 32, unit: '°F' },
          { kind: 'derived', name: 'dew_gap', expression: 'temperature - humidity' },
        ],
        analytics: [{ kind: 'rolling', field: 'temperature', windowSeconds: 0.05, stats: ['mean'] }],
      },
    });
    await waitFor(() => w.latest(streamId)?.state === 'live', { what: 'live' });
    const idle = await dispatch<RecordingInfo>(w, 'recording:start', { streamId, label: 'idle' });
    await expect(dispatch(w, 'recording:start', { streamId, label: 'again' })).rejects.toMatchObject({ code: 'BUSY' });
    await recorded(w, streamId, idle.id, 200);
    const idleDone = await dispatch<RecordingInfo>(w, 'recording:stop', { streamId });
    const fault = await dispatch<RecordingInfo>(w, 'recording:start', { streamId, label: 'fault' });
    await recorded(w, streamId, fault.id, 200);
    const faultDone = await dispatch<RecordingInfo>(w, 'recording:stop', { streamId });
    await dispatch(w, 'stream:stop', { streamId });
    expect(idleDone).toMatchObject({ id: idle.id, label: 'idle', stoppedAt: expect.any(String) });
    expect(idleDone.readings).toBeGreaterThan(100);
    expect(faultDone.readings).toBeGreaterThan(100);
    const counts = new Map<unknown, number>();
    for (const [r] of tableCells(db(w), `st_${streamId}`, { columns: ['recording_id'] })) if (r !== null) counts.set(r, (counts.get(r) ?? 0) + 1);
    expect([...counts].map(([r, n]) => ({ r, n })).sort((a, b) => Number(a.r) - Number(b.r))).toEqual([
      { r: idleDone.id, n: idleDone.readings },
      { r: faultDone.id, n: faultDone.readings },
    ]);
    const listed = await dispatch<RecordingInfo[]>(w, 'recording:list', { streamId });
    expect(listed.map((r) => r.label)).toEqual(['idle', 'fault']);

    // The plan offers every column, says what is empty, and asks about the source's own "label" field.
    const recordingIds = [idleDone.id, faultDone.id];
    const plan = await dispatch<RecordingExportPlan>(w, 'recording:export-plan', { recordingIds });
    expect(plan.readings).toBe(idleDone.readings + faultDone.readings);
    expect(plan.columns.map((c) => [c.key, c.name, c.type, c.checked])).toEqual([
      ['recording:host_time', 'host_time', 'datetime', true],
      ['recording:device_time', 'device_time', 'number', false],
      ['field:reading', 'reading', 'number', true],
      ['field:mote_id', 'mote_id', 'number', true],
      ['field:indoor', 'indoor', 'number', true],
      ['field:humidity', 'humidity', 'number', true],
      ['field:temperature', 'temperature', 'number', true],
      ['field:label', 'label', 'number', true],
      ['field:dew_gap', 'dew_gap', 'number', true],
      ['field:temperature.mean', 'temperature_mean', 'number', true],
      ['recording:invalid', 'invalid', 'boolean', true],
      ['recording:flags', 'flags', 'text', true],
      ['recording:label', 'label', 'text', true],
    ]);
    expect(plan.columns.find((c) => c.key === 'recording:device_time')?.note).toMatch(/empty in every reading/);
    expect(plan.clashes).toEqual([{ name: 'label', keys: ['field:label', 'recording:label'], suggested: ['label_source', 'recording_label'] }]);
    // Unresolved, the export refuses and says how to resolve it; nothing is created.
    await expect(dispatch(w, 'recording:export', { recordingIds, name: 'labelled' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('--rename field:label=label_source'),
    });
    expect(await dispatch<unknown[]>(w, 'dataset:list', null)).toHaveLength(0);

    const columns = plan.columns.filter((c) => c.checked).map((c) => ({ key: c.key, name: c.key === 'field:label' ? plan.clashes[0].suggested[0] : c.name }));
    const { datasetId } = await dispatch<{ datasetId: number }>(w, 'recording:export', { recordingIds, name: 'labelled', columns });
    const page = await dispatch<RowPage>(w, 'dataset:rows', { datasetId, offset: 0, limit: 5000 });
    expect(page.total).toBe(idleDone.readings + faultDone.readings);
    expect(page.columns.map((c) => [c.name, c.type])).toEqual([
      ['host_time', 'datetime'],
      ['reading', 'number'],
      ['mote_id', 'number'],
      ['indoor', 'number'],
      ['humidity', 'number'],
      ['temperature', 'number'],
      ['label_source', 'number'],
      ['dew_gap', 'number'],
      ['temperature_mean', 'number'],
      ['invalid', 'boolean'],
      ['flags', 'text'],
      ['label', 'text'],
    ]);
    const col = (name: string): number => page.columns.findIndex((c) => c.name === name);
    const labels = page.rows.map((r) => r[col('label')]);
    expect(labels.filter((l) => l === 'idle')).toHaveLength(idleDone.readings);
    expect(labels.filter((l) => l === 'fault')).toHaveLength(faultDone.readings);
    // Times are ISO datetimes of the stored host times.
    const stored = (tableRows(db(w), `st_${streamId}`, { columns: ['host_time', 'f0', 'f3', 'f4', 'f5'], where: { recording_id: idleDone.id }, orderBy: 'seq' }) as { host_time: number; f0: number; f3: number; f4: number; f5: number }[]).map(({ host_time, ...f }) => ({ t: host_time, ...f }));
    const first = page.rows[0];
    expect(first[col('host_time')]).toBe(new Date(stored[0].t).toISOString());
    // Transforms applied: the stored raw °C became °F; the derived channel uses it.
    expect(first[col('reading')]).toBe(stored[0].f0);
    expect(first[col('temperature')]).toBeCloseTo(stored[0].f4 * 1.8 + 32, 6);
    expect(first[col('dew_gap')]).toBeCloseTo(stored[0].f4 * 1.8 + 32 - stored[0].f3, 6);
    expect(first[col('label_source')]).toBe(stored[0].f5);
    // Invalid flags follow the range rule reading by reading, with the reason.
    page.rows.slice(0, stored.length).forEach((r, i) => {
      expect(r[col('invalid')]).toBe(stored[i].f3 > 45 ? 1 : 0);
      expect(r[col('flags')]).toBe(stored[i].f3 > 45 ? `humidity: ${stored[i].f3} > max 45` : null);
    });
    expect(page.rows.some((r) => r[col('invalid')] === 1)).toBe(true);
    // The rolling mean over (t - 50 ms, t] of the recording's own readings, computed here directly.
    page.rows.slice(0, stored.length).forEach((r, i) => {
      const inWindow = stored.filter((s, j) => j <= i && s.t > stored[i].t - 50).map((s) => s.f4 * 1.8 + 32);
      expect(r[col('temperature_mean')]).toBeCloseTo(inWindow.reduce((a, b) => a + b, 0) / inWindow.length, 6);
    });
    const lineage = tableRows(db(w), 'lineage', { columns: ['event', 'detail'], where: { dataset_id: datasetId } })[0] as { event: string; detail: string };
    expect(lineage.event).toBe('recording-export');

    const total = countTableRows(db(w), `st_${streamId}`);
    const full = await dispatch<StreamHistory>(w, 'stream:history', { streamId, maxPoints: total + 10 });
    expect(full.decimated).toBe(false);
    expect(full.t).toHaveLength(total);
    const small = await dispatch<StreamHistory>(w, 'stream:history', { streamId, maxPoints: 100 });
    expect(small.decimated).toBe(true);
    expect(small.t.length).toBeLessThanOrEqual(100);
    expect(small.series['temperature']).toHaveLength(small.t.length);
    // Min-max keeps the extremes of the whole range.
    const fullTemps = full.series['temperature'].filter((v): v is number => v !== null);
    const smallTemps = small.series['temperature'].filter((v): v is number => v !== null);
    expect(Math.max(...smallTemps)).toBe(Math.max(...fullTemps));
    expect(Math.min(...smallTemps)).toBe(Math.min(...fullTemps));
  });

  it('replays a recording as a virtual sensor at its original pace, or faster, keeping the original times', async () => {
    const w = newHost();
    const csv = path.join(sharedData, 'sensor_single_hop.csv');
    const { streamId } = await dispatch<{ streamId: number }>(w, 'stream:start', { name: 'src', source: { kind: 'replay', path: csv, rateHz: 500 } });
    await waitFor(() => w.latest(streamId)?.state === 'live', { what: 'live' });
    const walk = await dispatch<RecordingInfo>(w, 'recording:start', { streamId, label: 'walk' });
    await recorded(w, streamId, walk.id, 300);
    const rec = await dispatch<RecordingInfo>(w, 'recording:stop', { streamId });
    await dispatch(w, 'stream:stop', { streamId });
    const original = columnStats(db(w), `st_${streamId}`, 'host_time', { recording_id: rec.id }) as { min: number; max: number; n: number };
    expect(original.n).toBe(rec.readings);

    const speed = 4;
    const t0 = Date.now();
    const replay = await dispatch<{ streamId: number; jobId: string }>(w, 'recording:replay', { recordingId: rec.id, speed });
    await w.host.jobs.wait(replay.jobId);
    const took = Date.now() - t0;
    const span = original.max - original.min;
    // Paced by the recorded times: about span / speed, never the as-fast-as-possible burst.
    expect(took).toBeGreaterThan(span / speed - 50);
    expect(columnStats(db(w), `st_${replay.streamId}`, 'device_time')).toMatchObject({ n: original.n, min: original.min, max: original.max });
    const [, summary] = await dispatch<StreamSummary[]>(w, 'stream:list', null);
    expect(summary.name).toBe('walk replay ×4');
    await expect(dispatch(w, 'recording:replay', { recordingId: rec.id, speed: 0 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('shows a stream whose worker died as failed, not live: the worker could send no last status', async () => {
    const w = newHost();
    const csv = path.join(sharedData, 'sensor_single_hop.csv');
    const { streamId, jobId } = await dispatch<{ streamId: number; jobId: string }>(w, 'stream:start', { name: 'doomed', source: { kind: 'replay', path: csv, rateHz: 50 } });
    await waitFor(() => w.latest(streamId)?.state === 'live', { what: 'live' });
    const pid = workerHolding(w.host.currentProject?.path ?? '');
    expect(pid, 'the stream worker holding the project').toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    expect((await w.host.jobs.wait(jobId)).status).toBe('failed');
    await waitFor(() => w.latest(streamId)?.state === 'failed', { what: 'the failed state pushed' });
    const [summary] = await dispatch<StreamSummary[]>(w, 'stream:list', null);
    expect(summary).toMatchObject({ id: streamId, jobId: null, status: null });
  });

  it('refuses stream:start on a read-only project and keeps MQTT passwords out of the file', async () => {
    const w = newHost();
    const file = w.host.currentProject?.path ?? '';
    w.host.openProject(file, true);
    await expect(
      dispatch(w, 'stream:start', { name: 'x', source: { kind: 'replay', path: path.join(sharedData, 'sensor_single_hop.csv') } }),
    ).rejects.toMatchObject({ code: 'READ_ONLY' } satisfies Partial<AssayError>);
    w.host.openProject(file, false);
    await expect(
      dispatch(w, 'stream:start', {
        name: 'broker',
        source: { kind: 'mqtt', url: 'mqtt://127.0.0.1:1', topic: 'x/#', username: 'u', password: 'secret-pw' },
        protocol: { kind: 'json' },
        fields: [{ name: 'v' }],
      }),
    ).resolves.toBeTruthy();
    const texts = [...tableCells(db(w), 'streams', { columns: ['source'] }), ...tableCells(db(w), 'runs', { columns: ['spec'], where: { kind: 'stream' } })].map(([v]) => v as string);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).not.toContain('secret-pw');
  });
});
