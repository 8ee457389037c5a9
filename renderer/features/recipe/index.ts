// What other features may use of recipe; they import nothing else from this folder (eslint.config.mjs).
export { RecipeEditor } from './RecipeEditor';
