/**
 * Alert webhooks: one HTTP POST of JSON, retried with exponential backoff
 * (base, 2×base, 4×base…) on a network error, a timeout or a 5xx/429 answer;
 * any other answer is final. Every attempt is reported (and recorded by the
 * caller); an unreachable receiver ends as a failed delivery, never as an error
 * thrown at the app.
 */
export interface WebhookOptions {
  /** Attempts in all. Default 4. */
  readonly attempts?: number;
  /** The first retry's delay; doubled each time. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Per attempt. Default 5 s. */
  readonly timeoutMs?: number;
  /** Stops the delivery (the project is closing): no further attempt, and none reported after it. */
  readonly signal?: AbortSignal;
}

export interface WebhookAttempt {
  readonly attempt: number;
  readonly at: number;
  readonly status: number | null;
  readonly error: string | null;
}

const retryable = (status: number): boolean => status >= 500 || status === 429;

export async function postWebhook(url: string, body: unknown, onAttempt: (a: WebhookAttempt) => void, opts: WebhookOptions = {}): Promise<{ delivered: boolean; attempts: number }> {
  const attempts = opts.attempts ?? 4;
  const base = opts.baseDelayMs ?? 500;
  const stopped = (): boolean => opts.signal?.aborted === true;
  for (let attempt = 1; attempt <= attempts && !stopped(); attempt++) {
    const at = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.any([AbortSignal.timeout(opts.timeoutMs ?? 5000), ...(opts.signal ? [opts.signal] : [])]), redirect: 'error' });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `the receiver answered ${res.status}`;
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      error = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    }
    // Cut short by the signal: whoever reads the attempts may be gone (a closed project).
    if (stopped()) break;
    onAttempt({ attempt, at, status, error });
    if (status !== null && status >= 200 && status < 300) return { delivered: true, attempts: attempt };
    if (status !== null && !retryable(status)) return { delivered: false, attempts: attempt };
    if (attempt < attempts) await pause(base * 2 ** (attempt - 1), opts.signal);
  }
  return { delivered: false, attempts };
}

/** Waits `ms`, or less when the signal stops it. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Only http(s) URLs are webhooks; anything else is refused when the rule is added. */
export function checkWebhookUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RangeError(`"${url}" is not a URL: give the webhook as http(s)://host/path.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RangeError(`A webhook must be http:// or https://, not ${u.protocol}`);
  return u.toString();
}
