// What other features may use of profile; they import nothing else from this folder (eslint.config.mjs).
export { forgetProfile, setProfile, useProfileEntry } from './slice';
