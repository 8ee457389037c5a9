// What other features may use of export; they import nothing else from this folder (eslint.config.mjs).
export { ExportDialog } from './ExportDialog';
export { openExportDialog } from './slice';
