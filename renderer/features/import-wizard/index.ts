// What other features may use of import-wizard; they import nothing else from this folder (eslint.config.mjs).
export { openWizard } from './actions';
export { wizardSlots } from './steps';
export type { WizardSlot } from './steps';
