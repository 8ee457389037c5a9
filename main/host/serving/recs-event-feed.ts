/**
 * Events for a served recommender from an MQTT topic or a streaming platform (NATS JetStream, Redis
 * Streams, Kafka, Kinesis) instead of HTTP (#17.6): each message is the body POST /events takes
 * ({"user", "item", "weight"?} or {"events": […]}), applied and stored exactly as over HTTP. The
 * subscription is the stream worker's source (reconnecting with backoff by itself), run in the host:
 * an event is a few hundred bytes and the model that must see it lives here.
 */
import { AssayError } from '../../../preload/contract/errors';
import type { EventFeedStatus } from '../../../preload/contract/serving';
import { openEventSource, type SourceAdapter } from '../../../native-workers/host-api';
import { parseEventsUrl } from './events-url';
import type { ModelServer } from './model-server';

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
    const { source: spec, shown } = parseEventsUrl(eventsUrl);
    const source = await openEventSource(spec);
    const feed = new RecsEventFeed(source, shown);
    await source.start({
      onMessage: (m) => {
        feed.messages++;
        const out = server.ingestEvents(m.text ?? '', spec.kind);
        if (out.status !== 200) {
          feed.refused++;
          feed.lastRefusal = String(out.body['error']);
        }
        // A platform message is acknowledged once the model has it and its events are queued to the
        // project's log (written within the log's next batch, and at close); a refused one too, as
        // redelivering it would be refused again: it is counted in lastRefusal instead.
        if (m.position) source.acknowledge?.([m.position]);
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
