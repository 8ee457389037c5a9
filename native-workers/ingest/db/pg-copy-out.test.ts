import { EventEmitter } from 'node:events';
import type { Connection } from 'pg';
import { describe, expect, it } from 'vitest';
import { CopyOut } from './pg-copy-out';

/** A protocol message: code, length (itself included), payload. */
function message(code: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(code, 0, 'latin1');
  head.writeUInt32BE(payload.length + 4, 1);
  return Buffer.concat([head, payload]);
}

/** What pg's Connection offers a Submittable: its socket (one 'data' listener: pg's parser) and query(). */
function fakeConnection(): { connection: Connection; socket: EventEmitter & { pause(): void; resume(): void; paused: boolean }; toPg: Buffer[]; sent: string[] } {
  const socket = Object.assign(new EventEmitter(), {
    paused: false,
    pause() {
      socket.paused = true;
    },
    resume() {
      socket.paused = false;
    },
  });
  const toPg: Buffer[] = [];
  socket.on('data', (b: Buffer) => void toPg.push(Buffer.from(b)));
  const sent: string[] = [];
  const connection = { stream: socket, query: (text: string) => void sent.push(text) } as unknown as Connection;
  return { connection, socket, toPg, sent };
}

describe('CopyOut', () => {
  const rows = [Buffer.from('first row'), Buffer.alloc(0), Buffer.from('ünï ✓ '.repeat(40)), Buffer.from([0, 1, 2, 255])];
  const after = Buffer.concat([message('c', Buffer.alloc(0)), message('C', Buffer.from('COPY 4\0')), message('Z', Buffer.from('I'))]);
  const wire = Buffer.concat([message('H', Buffer.from([1, 0, 0])), ...rows.map((r) => message('d', r)), after]);

  it('hands over every CopyData payload as ranges of the socket chunks, at every split, and gives pg the bytes from CopyDone on', () => {
    for (let size = 1; size <= wire.length; size++) {
      const { connection, socket, toPg, sent } = fakeConnection();
      const got: Buffer[] = [];
      let reads = 0;
      const copy = new CopyOut('COPY t TO STDOUT (FORMAT binary)', { data: (b, s, e) => void got.push(Buffer.from(b.subarray(s, e))), read: () => void reads++, end: () => undefined, error: () => undefined });
      copy.submit(connection);
      expect(sent).toEqual(['COPY t TO STDOUT (FORMAT binary)']);
      for (let i = 0; i < wire.length; i += size) socket.emit('data', wire.subarray(i, i + size));
      // Payloads may come in pieces (a message split across reads), never mixed or out of order.
      expect(Buffer.concat(got).equals(Buffer.concat(rows))).toBe(true);
      if (size >= wire.length) expect(got.map((b) => b.toString('latin1'))).toEqual(rows.filter((r) => r.length > 0).map((r) => r.toString('latin1')));
      // pg's parser got exactly the messages after the COPY's, and is the socket's listener again.
      expect(Buffer.concat(toPg).equals(after)).toBe(true);
      expect(socket.listeners('data')).toHaveLength(1);
      expect(reads).toBeGreaterThan(0);
      copy.pause();
      expect(socket.paused).toBe(true);
      copy.resume();
      expect(socket.paused).toBe(false);
    }
  });

  it('ends at ReadyForQuery; a server error (pg parsed it) or a lost connection is reported once, and the socket goes back to pg', () => {
    const events: string[] = [];
    const handlers = { data: () => undefined, read: () => undefined, end: () => void events.push('end'), error: (e: Error) => void events.push(`error: ${e.message}`) };
    const ok = new CopyOut('COPY a TO STDOUT', handlers);
    ok.submit(fakeConnection().connection);
    ok.handleCommandComplete();
    ok.handleReadyForQuery();
    ok.handleReadyForQuery();
    const lost = fakeConnection();
    const broken = new CopyOut('COPY b TO STDOUT', handlers);
    broken.submit(lost.connection);
    lost.socket.emit('data', message('d', Buffer.from('half')).subarray(0, 7));
    broken.handleError(new Error('Connection terminated unexpectedly'));
    broken.handleReadyForQuery();
    expect(events).toEqual(['end', 'error: Connection terminated unexpectedly']);
    lost.socket.emit('data', Buffer.from('x'));
    expect(lost.toPg.map(String)).toEqual(['x']);
  });

  it('bad input: a connection whose socket pg does not parse with one listener is refused by name', () => {
    const { connection, socket } = fakeConnection();
    socket.on('data', () => undefined);
    expect(() => new CopyOut('COPY c TO STDOUT', { data: () => undefined, read: () => undefined, end: () => undefined, error: () => undefined }).submit(connection)).toThrow(/2 data listeners, expected 1/);
  });
});
