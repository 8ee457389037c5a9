import type { IClientOptions, MqttClient } from 'mqtt';
import type { StreamSource, StreamState } from '../../preload/contract/sensors';
import type { SourceAdapter, SourceEvents, SourceFactory } from './source';

type MqttSourceSpec = Extract<StreamSource, { kind: 'mqtt' }>;

/** Backoff between attempts: 250 ms doubling to 5 s, each ±25 % so many streams don't retry in step. */
export const backoff = { firstMs: 250, maxMs: 5_000, jitter: 0.25 } as const;
/** A broker that accepts TCP but never answers CONNACK counts as unreachable after this. */
const connectTimeoutMs = 10_000;
/** Keepalive well under mqtt.js's 60 s default, so a pulled cable is noticed in ~20 s, not ~90 s. */
const keepaliveSeconds = 15;

/** CONNACK codes (MQTT 3.1.1 and 5) that retrying cannot fix: the login itself was refused. */
const loginRefused = new Set([4, 5, 134, 135]);
/** Other CONNACK refusals that are configuration errors, not outages (bad protocol, client id, banned). */
const configRefused = new Set([1, 2, 132, 133, 138, 140]);
/** TLS verification failures: a config matter (CA, or rejectUnauthorized false), not an outage. */
const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;

export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 - backoff.jitter + 2 * backoff.jitter * random()));
}

/**
 * mqtt.js, loaded when a source first starts: it costs ~0.15 s of CPU, and every CLI call and the host
 * import this module (through host-api) while few of them ever connect to a broker.
 */
let mqttConnect: typeof import('mqtt').connect | null = null;
async function loadMqtt(): Promise<void> {
  mqttConnect ??= (await import('mqtt')).connect;
}

/** The URL as shown to people: without any user:password@ part. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

function urlPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

function errorCode(err: unknown): string | number | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') return code;
  }
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

class MqttSource implements SourceAdapter {
  private events: SourceEvents | null = null;
  private client: MqttClient | null = null;
  /** Bumped whenever a client is abandoned, so late events from it are ignored. */
  private generation = 0;
  private stopped = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private state: Exclude<StreamState, 'stopped'> | null = null;
  private detail: string | undefined;
  /** When a live connection was lost; null while live or before the first 'live'. */
  private lostAt: number | null = null;
  private lossReason = '';
  private firstSettled: (() => void) | null = null;
  private readonly secrets: string[];
  private readonly url: string;

  constructor(
    private readonly spec: MqttSourceSpec,
    private readonly binary: boolean,
  ) {
    this.url = displayUrl(spec.url);
    // Both the password field and one embedded in the URL must never reach a message.
    this.secrets = [spec.password ?? '', urlPassword(spec.url)].filter((s) => s.length > 0);
  }

  /**
   * Resolves once the first attempt has settled ('live', 'reconnecting' or 'failed')
   * or stop() was called; never rejects. Everything after that arrives through events.
   */
  start(events: SourceEvents): Promise<void> {
    if (this.events) throw new Error('This MQTT source was already started.');
    this.events = events;
    if (this.stopped) return Promise.resolve(); // stopped before it started: nothing to do
    const settled = new Promise<void>((resolve) => (this.firstSettled = resolve));
    this.setState('connecting', `connecting to ${this.url}`);
    void loadMqtt().then(() => this.attempt());
    return settled;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.settleFirst();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.abandon();
    if (!client) return;
    if (!client.connected) {
      client.end(true);
      return;
    }
    // A clean DISCONNECT, so the broker drops the session at once; bounded in case the socket is stuck.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ended = await Promise.race([
      client.endAsync(false).then(() => true, () => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 1_000))),
    ]);
    clearTimeout(timer);
    if (!ended) client.stream?.destroy();
  }

  private attempt(): void {
    if (this.stopped) return;
    const generation = ++this.generation;
    const spec = this.spec;
    const options: IClientOptions = {
      reconnectPeriod: 0, // we retry ourselves, with backoff, gap records and states
      connectTimeout: connectTimeoutMs,
      keepalive: keepaliveSeconds,
      clean: true,
      rejectUnauthorized: spec.rejectUnauthorized ?? true,
    };
    if (spec.username !== undefined) options.username = spec.username;
    if (spec.password !== undefined) options.password = spec.password;
    const client = mqttConnect!(spec.url, options);
    this.client = client;
    const current = () => generation === this.generation && !this.stopped;
    let lastError: unknown = null;
    let subscribed = false;

    client.on('connect', () => {
      if (!current()) return;
      client.subscribe(spec.topic, { qos: spec.qos ?? 0 }, (err, granted) => {
        if (!current()) return;
        if (err) {
          // mqtt.js rejects bad filters (e.g. "a/#/b") before sending; a closed connection also lands here.
          if (client.connected) this.fail(`Cannot subscribe to "${spec.topic}" on ${this.url}: ${errorMessage(err)}`);
          return;
        }
        if (granted?.some((g) => g.qos >= 128)) {
          this.fail(`The broker refused the subscription to "${spec.topic}" (not authorized for this topic?)`);
          return;
        }
        subscribed = true;
        this.becomeLive();
      });
    });

    client.on('message', (topic, payload) => {
      if (!current()) return;
      const arrivedAt = Date.now();
      this.events?.onMessage(this.binary ? { bytes: payload, arrivedAt, topic } : { text: payload.toString('utf8'), arrivedAt, topic });
    });

    client.on('error', (err) => {
      if (!current()) return;
      lastError = err;
      const code = errorCode(err);
      if (typeof code === 'number' && loginRefused.has(code)) {
        const reason = errorMessage(err).replace(/^Connection refused:\s*/, '');
        const who = spec.username ? `for user ${spec.username}` : 'for an anonymous client (no username given)';
        this.fail(`The broker refused the login ${who}: ${reason}`);
      } else if (typeof code === 'number' && configRefused.has(code)) {
        this.fail(`The broker at ${this.url} refused the connection: ${errorMessage(err)}`);
      } else if (typeof code === 'string' && tlsCodes.test(code)) {
        const hint = spec.rejectUnauthorized === false ? '' : ' (for a self-signed certificate, turn off certificate verification)';
        this.fail(`The TLS certificate of ${this.url} was rejected: ${errorMessage(err)}${hint}`);
      }
      // Anything else (ECONNREFUSED, resets, timeouts) is followed by 'close', which retries.
    });

    client.on('close', () => {
      if (!current()) return;
      this.lost(lastError, subscribed);
    });
  }

  private becomeLive(): void {
    this.failures = 0;
    if (this.lostAt !== null) {
      this.events?.onGap(this.lostAt, Date.now(), this.redact(`broker connection lost: ${this.lossReason}`));
      this.lostAt = null;
    }
    this.setState('live', `subscribed to ${this.spec.topic} on ${this.url}`);
    this.settleFirst();
  }

  private lost(err: unknown, wasLive: boolean): void {
    this.abandon()?.end(true);
    const code = errorCode(err);
    let detail: string;
    if (wasLive) {
      this.lostAt = Date.now();
      this.lossReason = err ? String(code ?? errorMessage(err)) : `${this.url} closed the connection`;
      detail = `broker connection lost: ${this.lossReason}`;
    } else if (err && errorMessage(err) === 'connack timeout') {
      detail = `cannot reach ${this.url}: no answer within ${connectTimeoutMs / 1000} s`;
    } else {
      detail = `cannot reach ${this.url}: ${err ? String(code ?? errorMessage(err)) : 'connection closed before the subscription was made'}`;
    }
    this.failures += 1;
    this.setState('reconnecting', detail);
    this.settleFirst();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.attempt();
    }, backoffDelay(this.failures));
  }

  private fail(detail: string): void {
    this.abandon()?.end(true);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopped = true; // no more attempts: a refused login does not fix itself
    this.setState('failed', detail);
    this.settleFirst();
  }

  /** Detaches the current client so its remaining events are ignored; the caller ends it. */
  private abandon(): MqttClient | null {
    this.generation += 1;
    const client = this.client;
    this.client = null;
    return client;
  }

  /** Emits only real changes: a retry loop failing the same way does not flood the status. */
  private setState(state: Exclude<StreamState, 'stopped'>, detail: string): void {
    const safe = this.redact(detail);
    if (state === this.state && safe === this.detail) return;
    this.state = state;
    this.detail = safe;
    this.events?.onState(state, safe);
  }

  private redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  private settleFirst(): void {
    const resolve = this.firstSettled;
    this.firstSettled = null;
    resolve?.();
  }
}

/**
 * MQTT subscription as a stream source. States: 'connecting' → 'live' after CONNACK and SUBACK;
 * a lost connection → 'reconnecting' (detail says why, repeated only when the reason changes) with
 * backoff until stop(); recovery → onGap(lostAt, now) then 'live'. A refused login, a rejected
 * TLS certificate or an invalid/refused topic → 'failed' once, no retries. Messages published while
 * disconnected are not replayed (clean sessions), hence the explicit gap.
 */
export const createMqttSource: SourceFactory<'mqtt'> = (source, options) => new MqttSource(source, options.binary);
