/**
 * What the host runs of the workers' code in its own process: the one door
 * from main/ into native-workers/ besides the protocol, the data layer
 * (project/) and the pure ML library (ml/). Everything here is cheap or
 * bounded (previews, connection checks, a single prediction); long work goes
 * to a worker job instead. A lint rule keeps main/ to these four.
 */

// Browser-mode and Sources previews: a file's first rows, a database's or API's first page.
export { previewFile } from './ingest/formats/preview';
// `assay serve --root`: the folders a session may read and write, checked on the host and, for paths a file lists, in the job.
export { FileRoots } from './ingest/file-roots';
// A stream replays only a regular file: a FIFO or a device would hold its worker forever.
export { notRegular } from './ingest/formats/regular-file';
export { connectDb, sourceError } from './ingest/db/connect';
export { describeConnection, type ConnectParams } from './ingest/db/driver';
export { previewSql } from './ingest/db/sql';
export { firstUrl, nextUrl } from './ingest/http/paginate';
export { checkUrl, fetcherFor, recordsOf, storableUrl } from './ingest/http/records';
export type { SourceValue } from './ingest/writer';

// Secrets never leave the host in clear: redaction and the pseudonymisation key's fingerprint.
export { jobSecrets, redactText, redactUrl, redactValue } from './ingest/redact';
export { keyFingerprint } from './ingest/privacy/transform';

// Export targets are checked before the export job starts.
export { checkTarget } from './export/upload';
export { parseTarget } from './export/target';

// Serving: tfjs and image classifiers run in the host's serving threads.
export { loadTf } from './runtime/backend';
export { classifierFromStored, classify, type Classifier } from './jobs/images/classifier';
export { decodeImage } from './images/decode';

// Serving: the request checks the app's model server shares with an exported bundle's server (the whole module is that face).
export * from './export/server/http-guard';

// `assay monitor pull`: an exported server's NDJSON logs read back from a folder, S3 or Azure.
export { listLogFiles, type LogFile } from './export/log-reader';

// Cluster executors fan a search out as trials: the host lists each fold's candidates and picks the best, as the fold's own loop does.
export { bestCandidate, foldCandidates, foldSeed } from './jobs/train/candidates';
// A cluster job's folder: the host writes its spec there and reads back what the node wrote.
export { jobFolderPath, type ClusterJobFile } from './cluster/job-folder';
// A cluster training run's columns, written once as Arrow IPC for all its jobs.
export { writeRunColumns } from './cluster/run-columns';

// A served recommender's events from an MQTT topic (main/host/serving/recs-event-feed.ts).
export { createMqttSource, displayUrl } from './streams/mqtt-source';
export type { SourceAdapter } from './streams/source';

// Monitoring: drift checks against a version's reference, alert rules and their webhooks. The CLI, the Monitor
// tab's overview and the serving schedule run them in the host; Check now runs them as a `monitor-check` job.
export { runCheck, type CheckOptions, type ColumnVerdict, type DriftCheck, type WindowResult } from './monitor/check';
export { storeReferenceAtRegistration } from './monitor/reference';
export { DRIFT_METRICS, driftMetrics, logDriftMetrics } from './monitor/drift-metrics';
export { modelWindows } from './monitor/model-windows';
export { evaluateModelAlerts, type AlertRun, type AlertRunOptions } from './monitor/alerts';
export { checkWebhookUrl, postWebhook, type WebhookAttempt, type WebhookOptions } from './monitor/webhook';
