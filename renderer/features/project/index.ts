// What other features may use of project; they import nothing else from this folder (eslint.config.mjs).
export { isReadOnlyNow, useAppInfo, useProject, useReadOnly } from './slice';
