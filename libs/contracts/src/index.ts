export * from './topics';
export * from './common.schema';
export * from './events.schema';
export * from './envelope';
export * from './validators';
export * from './lifecycle';
export * from './asyncapi';
