// What other features may use of watch; they import nothing else from this folder (eslint.config.mjs).
export { WatchPanel } from './WatchPanel';
