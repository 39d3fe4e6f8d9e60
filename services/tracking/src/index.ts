export { trackingModule } from './tracking.module';
export { rebuildReadModel, defaultQuietMs, REBUILD_GROUP_PREFIX, type RebuildOptions, type RebuildReport } from './entry-points/messaging/read-model.rebuild';
