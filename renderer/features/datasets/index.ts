// What other features may use of datasets; they import nothing else from this folder (eslint.config.mjs).
export { loadDatasets, loadProfile, startImportJob, startProfile } from './actions';
export { useDatasets, useSelectedId } from './slice';
