/** Monitoring from feedback, logs and operations (#16): pure computation, no I/O. */
export * from './feedback-request';
export * from './log-lines';
export * from './windows';
export * from './realized';
export * from './operations';
export * from './alerts';
