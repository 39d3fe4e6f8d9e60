/** The storage library: the document-store port and its SQLite and MongoDB implementations. */
export * from './store.port';
export { StorageErrorCodes } from './store.errors';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store';
export { createMongoStore, type MongoStoreOptions } from './mongo/mongo-store';
export { withSqliteWriteLock } from './sqlite/sqlite-connection';
