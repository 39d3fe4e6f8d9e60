export * from './peers';
export * from './kafka-mock-cluster';
export * from './wait-for';
export * from './recording-bus';
export * from './dossier-events.fixture';
export * from './sms-peer';
export * from './pdf-peer';
export * from './browser-peer';
