/**
 * Events for a served recommender from an MQTT topic instead of HTTP (#17): each message is the
 * body POST /events takes ({"user", "item", "weight"?} or {"events": […]}), applied and stored
 * exactly as over HTTP. The subscription is the stream worker's MQTT source (reconnecting with
 * backoff by itself), run in the host: an event is a few hundred bytes and the model that must
 * see it lives here.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { EventFeedStatus } from '../../../preload/contract/serving';
import { createMqttSource, displayUrl, type SourceAdapter } from '../../../native-workers/host-api';
import type { ModelServer } from './model-server';

/** `mqtt://[user:pass@]host[:port]/topic/with/levels` → broker URL and topic (wildcards allowed). */
export function parseEventsUrl(text: string): { url: string; topic: string; username?: string; password?: string } {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new AssayError('BAD_INPUT', `"${displayUrl(text)}" is not an events URL: use mqtt://HOST[:PORT]/TOPIC.`);
  }
  if (u.protocol !== 'mqtt:' && u.protocol !== 'mqtts:') throw new AssayError('BAD_INPUT', `Events come from an MQTT topic: use mqtt://HOST[:PORT]/TOPIC, not ${u.protocol}.`);
  const topic = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!topic) throw new AssayError('BAD_INPUT', `${displayUrl(text)} names no topic: use mqtt://HOST[:PORT]/TOPIC.`);
  const username = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  return { url: `${u.protocol}//${u.host}`, topic, ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

export class RecsEventFeed {
  private state = 'connecting';
  private detail: string | undefined;
  private messages = 0;
  private refused = 0;
  private lastRefusal: string | undefined;

  private constructor(
    private readonly source: SourceAdapter,
    private readonly shown: string,
  ) {}

  /** Subscribes and resolves once the first connection attempt settled (live, or retrying with the reason in status()). */
  static async start(server: ModelServer, eventsUrl: string): Promise<RecsEventFeed> {
    if (!server.servesRecs) throw new AssayError('BAD_INPUT', `${server.primary.model} is not a recommender: an events feed needs one.`);
    const spec = parseEventsUrl(eventsUrl);
    const source = createMqttSource({ kind: 'mqtt', ...spec, qos: 1 }, { binary: false });
    const feed = new RecsEventFeed(source, `${displayUrl(spec.url)}/${spec.topic}`);
    await source.start({
      onMessage: (m) => {
        feed.messages++;
        const out = server.ingestEvents(m.text ?? '', 'mqtt');
        if (out.status !== 200) {
          feed.refused++;
          feed.lastRefusal = String(out.body['error']);
        }
      },
      onState: (state, detail) => {
        feed.state = state;
        feed.detail = detail;
      },
      onGap: () => undefined,
    });
    return feed;
  }

  status(): EventFeedStatus {
    return {
      url: this.shown,
      state: this.state,
      ...(this.detail ? { detail: this.detail } : {}),
      messages: this.messages,
      refused: this.refused,
      ...(this.lastRefusal ? { lastRefusal: this.lastRefusal } : {}),
    };
  }

  async stop(): Promise<void> {
    await this.source.stop();
  }
}
