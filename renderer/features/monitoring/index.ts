// What other features (and the app) may use of monitoring; they import nothing else from this folder (eslint.config.mjs).
export { MonitorScreen } from './MonitorScreen';
// Pushes: a retrain's record as it changes, and its training run's progress.
export { onRetrain, onRetrainRun } from './retrain-actions';
