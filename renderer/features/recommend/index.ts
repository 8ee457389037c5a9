// What other features may use of recommend; they import nothing else from this folder (eslint.config.mjs).
export { RecommendScreen } from './RecommendScreen';
