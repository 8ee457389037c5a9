// What other features may use of serving; they import nothing else from this folder (eslint.config.mjs).
export { presetServeModel } from './slice';
