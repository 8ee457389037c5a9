// What other features may use of toasts; they import nothing else from this folder (eslint.config.mjs).
export { pushToast, reportError } from './slice';
