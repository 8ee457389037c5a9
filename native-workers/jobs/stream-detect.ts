import fs from 'node:fs';
import { AssayError } from '../../preload/contract/errors';
import type { DetectResult, StreamSource } from '../../preload/contract/sensors';
import { defaultBaudRate } from '../../preload/contract/source-opened';
import { detectProtocol } from '../ml/stream/protocols';
import { baudWarning, RateEstimator } from '../ml/stream/rate';
import type { DetectJobSpec } from '../protocol';
import type { JobContext } from '../runtime/context';
import { openSource, silenceHint } from '../streams';

/** Enough lines to tell the protocol and the rate apart. */
const enoughMessages = 50;
const sampleLines = 10;

export function sourceLabel(source: StreamSource): string {
  switch (source.kind) {
    case 'serial':
      return source.path;
    case 'mqtt':
      return `${source.url} ${source.topic}`;
    case 'replay':
      return source.path;
    case 'kafka':
      return `${source.brokers.join(',')} ${source.topic}`;
    case 'kinesis':
      return `kinesis ${source.stream}`;
    case 'nats':
    case 'redis':
      return `${source.url} ${source.stream}`;
  }
}

/**
 * Listens to a source for a few seconds (or ~50 messages), then guesses the
 * protocol and fields, the rate and its jitter, and whether the baud rate can
 * carry that rate.
 */
export async function runStreamDetect(spec: DetectJobSpec, ctx: JobContext): Promise<DetectResult> {
  const { source } = spec;
  const seconds = spec.seconds > 0 ? spec.seconds : 3;
  if (source.kind === 'serial' && !fs.existsSync(source.path)) {
    throw new AssayError('NOT_FOUND', `Serial port ${source.path} does not exist: is the device plugged in, and the path right?`);
  }
  const lines: string[] = [];
  const arrivals: number[] = [];
  let lastProblem: string | null = null;
  const adapter = await openSource(source, { binary: false, peek: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    ctx.signal.addEventListener('abort', done, { once: true });
    adapter
      .start({
        onMessage(message) {
          if (lines.length >= enoughMessages) return;
          const text = message.text ?? '';
          if (text.trim() === '') return;
          lines.push(text);
          arrivals.push(message.arrivedAt);
          if (lines.length >= enoughMessages) done();
        },
        onState(state, detail) {
          if (state === 'reconnecting' || state === 'failed') lastProblem = detail ?? state;
        },
        onGap() {},
        onEnd: done,
      })
      .catch((err: unknown) => {
        lastProblem = err instanceof Error ? err.message : String(err);
        done();
      });
  });
  await adapter.stop();
  ctx.checkCancelled();

  const label = sourceLabel(source);
  if (lines.length === 0) {
    if (lastProblem) throw new AssayError('IO', `No data from ${label}: ${lastProblem}.`);
    throw new AssayError('IO', `No data from ${label} in ${seconds} s: ${silenceHint(source.kind)}`);
  }
  // detectProtocol copes with a first line cut in half (the port opened mid-line) itself.
  const sample = lines;
  const detected = detectProtocol(sample);
  if ('error' in detected) {
    const baud = source.kind === 'serial' ? ` (is ${source.baudRate ?? defaultBaudRate} baud right? Garbled text usually means a wrong baud rate)` : '';
    throw new AssayError('BAD_INPUT', `Could not recognise the data from ${label}: ${detected.error}${baud}.`, sample.slice(0, sampleLines).join('\n'));
  }

  const rate = new RateEstimator(Math.max(seconds, 1));
  for (const t of arrivals) rate.add(t);
  const rateHz = arrivals.length >= 3 ? rate.rateHz() : null;
  const jitterMs = arrivals.length >= 3 ? rate.jitterMs() : null;
  const warnings: string[] = [];
  if (source.kind === 'serial') {
    const bytesPerMessage = sample.reduce((n, l) => n + Buffer.byteLength(l, 'utf8'), 0) / sample.length + 1;
    const baud = source.baudRate ?? defaultBaudRate;
    const measured = rateHz !== null && rateHz > 0 ? baudWarning(rateHz, bytesPerMessage, baud) : null;
    if (measured) warnings.push(measured);
    // The datasheet rate matters even when the link is idle now: at full rate the lines would not fit.
    const declared = source.declaredRateHz && source.declaredRateHz > 0 ? baudWarning(source.declaredRateHz, bytesPerMessage, baud) : null;
    if (declared) warnings.push(`At the declared rate: ${declared}`);
  }
  if (sample.some((l) => l.includes('\uFFFD'))) warnings.push('Some bytes are not valid UTF-8: check the baud rate and framing.');
  return {
    protocol: detected.protocol,
    fields: detected.fields,
    sample: sample.slice(0, sampleLines),
    rateHz: rateHz !== null && Number.isFinite(rateHz) ? rateHz : null,
    jitterMs: jitterMs !== null && Number.isFinite(jitterMs) ? jitterMs : null,
    warnings,
  };
}
