export * from './class-weights';
export * from './random-sampling';
export * from './smote';
export * from './resample';
