export * from './channels';
export * from './errors';
export * from './types';
export * from './wire';
export * from './sensors';
export * from './export';
export * from './images';
