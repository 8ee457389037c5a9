// What other features may use of rules; they import nothing else from this folder (eslint.config.mjs).
export { RulesEditor } from './RulesEditor';
