export * from './principal';
export * from './auth.errors';
export * from './access.rules';
export * from './jwt';
export * from './api-keys';
export * from './authenticator';
