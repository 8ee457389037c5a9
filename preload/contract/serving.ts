/**
 * Local real-time serving: a registered model (one version, or two with an
 * A/B or canary split) answered over HTTP on 127.0.0.1. Pure, JSON-safe types.
 */
import type { InputColumn, ModelRef } from './registry';

export interface ServeStartRequest {
  readonly model: ModelRef;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** A second version that gets `percent` % of the requests. */
  readonly canary?: { readonly model: ModelRef; readonly percent: number };
  /** Browser origins (`https://app.example`) allowed to call the server; none by default, so no web page can. */
  readonly allowedOrigins?: readonly string[];
  /** Bytes of one request's body; above it, 413. Default 1 MiB (16 MiB for an image model). */
  readonly maxBodyBytes?: number;
  /** Bytes of input and output the project's prediction log may hold; past it predictions are not logged (counted as skipped). Default 256 MiB. */
  readonly maxLogBytes?: number;
  /** Open connections; more are closed at once. Default 128. */
  readonly maxConnections?: number;
  /** A recommender's events from an MQTT topic or a streaming platform as well as POST /events (main/host/serving/events-url.ts: mqtt://HOST/TOPIC, nats://HOST/STREAM?durable=D, redis://HOST/KEY?group=G, kafka://…, kinesis://…). */
  readonly events?: string;
}

/** A recommender server's events feed (ServeStartRequest.events). */
export interface EventFeedStatus {
  /** The feed as shown to people (no password). */
  readonly url: string;
  readonly state: string;
  readonly detail?: string;
  readonly messages: number;
  readonly refused: number;
  /** Why the last refused message was refused. */
  readonly lastRefusal?: string;
}

/** One version loaded in a server. */
export interface ServedVersion {
  readonly model: string;
  readonly version: number;
}

export interface ServerInfo {
  readonly serverId: string;
  readonly url: string;
  readonly primary: ServedVersion;
  readonly candidate: ServedVersion | null;
  /** Share of requests routed to the candidate, 0..100. */
  readonly candidatePercent: number;
  /** False in a read-only project: predictions are served but not logged. */
  readonly logging: boolean;
  readonly startedAt: number;
  /** A recommender server fed events from an MQTT topic or a streaming platform. */
  readonly events?: EventFeedStatus;
}

/** One second of one version's traffic, for the live plot. */
export interface VersionStats extends ServedVersion {
  readonly requestsPerSecond: number;
  readonly rowsPerSecond: number;
  /** Over the requests of the last second; null when there were none. */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** Since the server started. */
  readonly requests: number;
  readonly errors: number;
}

export interface ServeStats {
  readonly serverId: string;
  /** Host time (ms). */
  readonly at: number;
  readonly versions: readonly VersionStats[];
  /** A recommender server: click-through per arm with 95 % intervals and the test between arms. */
  readonly ab?: AbStats;
}

/** Click-through and conversion of one arm of a recommender A/B test (ml/recs/serving/ab.ts computes it). */
export interface ArmStats extends ServedVersion {
  readonly role: 'primary' | 'candidate';
  /** Recommendation lists served. */
  readonly shown: number;
  /** Lists with at least one click reported (a list counts once). */
  readonly clicked: number;
  readonly ctr: number | null;
  /** 95 % Wilson interval of the click-through rate. */
  readonly ci95: readonly [number, number];
  /** Lists with a conversion reported (POST /feedback {"event": "conversion"}; a list counts once). */
  readonly converted: number;
  readonly conversionRate: number | null;
  /** 95 % Wilson interval of the conversion rate. */
  readonly conversionCi95: readonly [number, number];
}

/** A pooled two-proportion z-test, candidate against primary. */
export interface AbTest {
  readonly z: number;
  readonly p: number;
  readonly significant: boolean;
}

export interface AbStats {
  readonly arms: readonly ArmStats[];
  /** Click-through, candidate against primary; null until both arms showed lists and someone clicked. */
  readonly test: AbTest | null;
  /** The same test on conversions; null until both arms showed lists and someone converted. */
  readonly conversionTest: AbTest | null;
}

/** A registered version as the Serve panel lists it. */
export interface ServableVersion extends ServedVersion {
  readonly stage: 'none' | 'staging' | 'production';
  readonly task: string;
  readonly createdAt: string;
  readonly inputColumns: readonly InputColumn[];
  /** An image version takes an image (no input columns), a recommender a user; absent means tabular. */
  readonly kind?: 'tabular' | 'image' | 'recs';
  /** A training row to send (ModelVersion.example). */
  readonly example?: Readonly<Record<string, string | number | null>>;
}
