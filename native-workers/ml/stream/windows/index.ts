/** Event-time windowed aggregations (tumbling, sliding, session) with watermark, lateness, keys and enrichment. */
export { Accumulator } from './accumulator';
export { Enricher } from './enrich';
export { KllSketch, kllK, kllRankError } from './kll';
export { keyString, WindowOperator, type LateEvent, type WindowResult, type WindowSink } from './operator';
export { planAggregates, windowFieldProblems, windowProblems, type AggregatePlan } from './plan';
export { exactLimit, exactQuantile, QuantileBuffer } from './quantiles';
export { RecordWindows } from './record-windows';
export type { KeyPart } from './types';
