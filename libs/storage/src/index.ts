/** The storage library: the document-store port and its SQLite and MongoDB implementations. */
export * from './store.port';
