export * from './personal-data';
export * from './logger';
export * from './trace-context';
export * from './tracing';
export * from './metrics';
export * from './metrics-text';
