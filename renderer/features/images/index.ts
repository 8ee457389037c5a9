// What other features may use of images; they import nothing else from this folder (eslint.config.mjs).
export { showRun } from './slice';
export { useImageRunLabel } from './run-number';
export { loadImageRuns } from './actions';
