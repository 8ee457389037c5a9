// What other features may use of train; they import nothing else from this folder (eslint.config.mjs).
export { RegisterModel } from './RegisterModel';
export { ReplayRun } from './ReplayRun';
export { loadRuns, openRun } from './actions';
export { formatMeanStd, formatNumber, mainMetrics, metricLabel } from './runs-table';
export { useRunsById } from './slice';
export { useRunLabel } from './run-number';
