export * from './types';
export * from './kfold';
export * from './stratified';
export * from './repeated';
export * from './group';
export * from './time-series';
export * from './holdout';
