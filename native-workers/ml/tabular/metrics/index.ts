export * from './types';
export * from './binary-curve';
export * from './confusion';
export * from './curves';
export * from './classification';
export * from './regression';
export * from './threshold';
export * from './mean-curve';
