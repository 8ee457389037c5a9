// What other features may use of compute; they import nothing else from this folder (eslint.config.mjs).
export { ComputeSection } from './ComputeSection';
export { loadCompute, useComputeView } from './slice';
export { ExecutorSelect } from './ExecutorSelect';
