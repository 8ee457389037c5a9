import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { AssayError } from '../../preload/contract/errors';
import type { SourceAdapter, SourceFactory } from './source';
import { notRegular } from '../ingest/formats/regular-file';
import { LineSplitter } from './lines';

/** Lines handed on between yields to the event loop at rate 0 (lets flushes, controls and cancel in). */
const fastBatch = 500;

/**
 * A CSV file replayed as a virtual sensor: each line (the header too, which the
 * CSV parser recognises and skips) becomes one text message, paced at `rateHz`
 * (0 = as fast as the consumer keeps up). Ends with onEnd unless it loops.
 */
export const createReplaySource: SourceFactory<'replay'> = (source) => {
  let stopped = false;
  let running: Promise<void> | null = null;
  const rateHz = source.rateHz ?? 100;
  const speed = source.speed && source.speed > 0 ? source.speed : 1;

  return {
    async start(events) {
      events.onState('connecting');
      try {
        const what = notRegular(fs.statSync(source.path));
        if (what) throw new Error(`it is ${what}, not a regular file`);
      } catch (err) {
        throw new AssayError('NOT_FOUND', `Cannot replay ${source.path}: ${err instanceof Error ? err.message : String(err)}.`);
      }
      events.onState('live');
      running = (async () => {
        // The schedule starts at the first line, not at open: a slow first read must not cause a burst.
        let started = 0;
        let sent = 0;
        // With a time column: pace by the recorded timestamps instead of a fixed rate.
        let timeIndex = -1;
        let firstTime: number | null = null;
        do {
          const splitter = new LineSplitter();
          const stream = fs.createReadStream(source.path, { highWaterMark: 256 * 1024 });
          try {
            for await (const chunk of stream as AsyncIterable<Buffer>) {
              const batch: string[] = [];
              splitter.push(chunk, (line) => {
                if (line.length > 0) batch.push(line);
              });
              for (const text of batch) {
                if (stopped) return;
                if (sent === 0) {
                  started = Date.now();
                  if (source.timeColumn) {
                    timeIndex = text.split(',').map((h) => h.trim().replace(/^"|"$/g, '')).indexOf(source.timeColumn);
                    if (timeIndex < 0) throw new Error(`no column "${source.timeColumn}" in ${source.path}`);
                  }
                }
                if (timeIndex >= 0) {
                  const raw = Number(text.split(',')[timeIndex]);
                  if (Number.isFinite(raw)) {
                    const ms = raw < 1e11 ? raw * 1000 : raw;
                    firstTime ??= ms;
                    const ahead = started + (ms - firstTime) / speed - Date.now();
                    if (ahead >= 2) await sleep(ahead);
                  }
                } else if (rateHz > 0) {
                  // Pace against the schedule, not the previous line, so timer slack does not accumulate.
                  const due = started + (sent * 1000) / rateHz;
                  const ahead = due - Date.now();
                  if (ahead >= 2) await sleep(ahead);
                } else if (sent % fastBatch === fastBatch - 1) {
                  await new Promise<void>((resolve) => setImmediate(resolve));
                }
                if (stopped) return;
                events.onMessage({ text, arrivedAt: Date.now() });
                sent++;
              }
            }
          } finally {
            stream.destroy();
          }
        } while (source.loop === true && !stopped);
        if (!stopped) events.onEnd?.();
      })().catch((err: unknown) => {
        events.onState('failed', err instanceof Error ? err.message : String(err));
      });
    },
    async stop() {
      stopped = true;
      await running;
    },
  } satisfies SourceAdapter;
};
