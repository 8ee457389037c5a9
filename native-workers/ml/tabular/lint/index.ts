export * from './frame-types';
export * from './column-facts';
export * from './task';
export * from './features';
export * from './single-feature';
export * from './leakage';
