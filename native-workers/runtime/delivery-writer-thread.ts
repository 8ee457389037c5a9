/**
 * Worker-thread entry of DeliveryThread: stores each batch of a platform stream with
 * DeliveryWriter over its own connection (rows with positions, events, checkpoints and recording
 * ranges in one transaction), then reports it, so the stream thread acknowledges only what is
 * committed. A failed write (the project locked past the busy timeout, a full disk) keeps the
 * rows here; they go with the next batch, or with an empty retry the stream thread sends.
 * The thread starts before the stream's fields are known (startDeliveryThread): its first message
 * is the setup, then batches, then null to close.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { DeliveryWriter } from '../jobs/stream-delivery';
import { streamCheckpointPages } from '../jobs/stream-store';
import { connectForBulkWrites, type Db } from '../project/open';
import type { Value } from '../ml/stream/protocols';
import type { StreamReading } from '../project/streams';
import { insertRowBatch, type RowSink } from './row-batch';
import type { DeliveryBatch, DeliveryReport, DeliveryThreadSetup } from './delivery-thread';

const { ctrl, reports } = workerData as { ctrl: Int32Array; reports: MessagePort };

interface Opened {
  readonly db: Db;
  readonly writer: DeliveryWriter;
  /** Unpacks each row into the writer: the reading's values, then its partition and offset. */
  readonly unpack: RowSink;
  readonly width: number;
}

let counts = new Map<number, number>();

function open({ dbPath, streamId, fieldCount, topic, resume, busyMs }: DeliveryThreadSetup): Opened {
  const db = connectForBulkWrites(dbPath, { busyMs, autocheckpointPages: streamCheckpointPages });
  const writer = new DeliveryWriter(db, streamId, fieldCount, topic, resume);
  writer.onCommitted = (rows) => {
    for (const row of rows) {
      const id = row[2];
      if (id !== null) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  };
  const width = 4 + fieldCount;
  let row: Value[] = [];
  let partition = '';
  const unpack: RowSink = {
    run: (fill) => fill(),
    set(column, value) {
      if (column < width) row.push(value === undefined ? null : (value as Value));
      else if (column === width) partition = String(value);
      else {
        writer.add(row as StreamReading, { partition, offset: String(value) });
        row = [];
      }
    },
    commitRow: () => undefined,
  };
  return { db, writer, unpack, width };
}

function report(r: DeliveryReport): void {
  reports.postMessage(r);
}

let opened: Opened | null = null;

parentPort?.on('message', (message: DeliveryThreadSetup | DeliveryBatch | null) => {
  if (message === null) {
    opened?.db.close();
    parentPort?.close();
    return;
  }
  if ('dbPath' in message) {
    opened = open(message);
    return;
  }
  if (!opened) return; // cannot happen: the setup is the first message
  const batch = message;
  const { writer, unpack, width } = opened;
  insertRowBatch(batch.rows, width + 2, unpack);
  for (const p of batch.settled) writer.settle(p);
  for (const e of batch.events) writer.event(e.kind, e.detail, e.at);
  try {
    writer.flush();
    const recordingCounts = [...counts];
    counts = new Map();
    report({ kind: 'done', upTo: batch.id, stored: writer.stored, duplicatesSkipped: writer.duplicatesSkipped, offsets: writer.offsets(), recordingCounts });
  } catch (err) {
    // A rolled-back flush committed no rows: forget what it counted.
    counts = new Map();
    report({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
  } finally {
    // After the report: a drain that sees 0 finds every answer already queued on its port.
    Atomics.sub(ctrl, 0, 1);
    Atomics.notify(ctrl, 0);
  }
});
