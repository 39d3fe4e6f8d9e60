export * from './peers';
export * from './kafka-mock-cluster';
export * from './wait-for';
export * from './dossier-events.fixture';
