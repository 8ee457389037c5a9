/** Monitoring's pure computation: summaries, drift statistics and verdicts, windows, CBPE. */
export { CbpeAccumulator, calibrate, fitIsotonic, type ExpectedPerformance, type IsotonicCalibration } from './cbpe';
export { calibrateColumn, type Calibration } from './calibrate';
export { chi2Contingency } from './chi2';
export { checkDrift, DEFAULT_MIN_ROWS, type ColumnDrift, type ColumnOverride, type DriftOptions, type DriftReport } from './drift';
export { jensenShannon, psi, wasserstein } from './distances';
export { benjaminiHochberg } from './fdr';
export { ks2Samp } from './ks';
export { DEFAULT_THRESHOLDS, DRIFT_METHODS, P_VALUE_METHODS, defaultMethod, measure, type DriftMethod } from './methods';
export { REFERENCE_CAP, WindowSummarizer, decodeReference, encodeReference, type Reference, type StoredReference } from './reference';
export { BinIndex, ReferenceBinner } from './binner';
export { sketchOf, ValueSketch, type SketchPoints } from './sketch';
export { ColumnSummarizer, mergeSummaries, type ColumnKind, type ColumnSummary } from './summary';
export { parseWindow, windowKey, windowStart, type WindowSpec } from './window';
