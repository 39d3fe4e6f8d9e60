export * from './http/problem';
export * from './http/validate';
export * from './http/http-app';
export * from './runtime.config';
export * from './infrastructure';
export * from './service-host';
export * from './standalone';
export * from './domain-transaction';
