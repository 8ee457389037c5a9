// What other features may use of models; they import nothing else from this folder (eslint.config.mjs).
export { openModel, registerRun } from './actions';
export { defaultModelName, nameProblem } from './compare';
export { readOnlyReason } from './slice';
