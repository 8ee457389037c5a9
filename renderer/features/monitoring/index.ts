// What other features (and the app) may use of monitoring; they import nothing else from this folder (eslint.config.mjs).
export { MonitorScreen } from './MonitorScreen';
