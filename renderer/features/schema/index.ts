// What other features may use of schema; they import nothing else from this folder (eslint.config.mjs).
export { SchemaEditor } from './SchemaEditor';
