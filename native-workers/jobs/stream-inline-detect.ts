import { AssayError } from '../../preload/contract/errors';
import { detectProtocol, type Detected } from '../ml/stream/protocols';
import type { SourceMessage } from '../streams/source';
import type { JobContext } from '../runtime/context';

/** Enough lines to tell CSV from kv from JSON, and a header from data. */
const enoughMessages = 50;
/** Decide after this long once anything arrived, even with fewer lines (slow sensors). */
const decideAfterMs = 3000;
/** Give up when nothing at all arrives for this long. */
const silenceMs = 30_000;

/**
 * Waits for the first text messages (collected by the caller into `messages`) and
 * detects protocol and fields from them. The messages stay in the array: the
 * caller stores them once it knows how to parse them.
 */
export async function detectFromFirstMessages(
  messages: readonly SourceMessage[],
  ended: () => boolean,
  ctx: JobContext,
  durationSeconds: number | undefined,
  /** Why nothing may have arrived (the source's last state detail, or a hint for its kind). */
  hint: () => string,
): Promise<Detected> {
  const started = Date.now();
  const limit = durationSeconds && durationSeconds > 0 ? Math.min(silenceMs, durationSeconds * 1000) : silenceMs;
  for (;;) {
    const first = messages[0]?.arrivedAt;
    const enough = messages.length >= enoughMessages || (first !== undefined && Date.now() - first >= decideAfterMs);
    if (enough || (ended() && messages.length > 0)) break;
    if (ctx.signal.aborted) throw new AssayError('CANCELLED', 'Cancelled');
    if (ended() || Date.now() - started > limit) {
      throw new AssayError('BAD_INPUT', `No data arrived in ${Math.round((Date.now() - started) / 1000)} s: ${hint()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const sample = messages.slice(0, enoughMessages).map((m) => m.text ?? '');
  const detected = detectProtocol(sample);
  if ('error' in detected) throw new AssayError('BAD_INPUT', `Could not tell the data format from the first ${sample.length} messages: ${detected.error}`);
  return detected;
}
