/** Composition of the tracking service. */
import type { ServiceModule } from '@motcua/runtime';
import { loadTrackingConfig } from './config';
import { trackingCollections } from './data-access/tracking.store';
import { trackingRoutes } from './entry-points/http/dossiers.routes';
import { trackingConsumers } from './entry-points/messaging/tracking.consumers';

export const trackingModule: ServiceModule = {
  name: 'tracking',
  collections: trackingCollections,
  create({ store }) {
    const config = loadTrackingConfig();
    return { routers: [trackingRoutes(store, { traceViewerUrlTemplate: config.TRACE_VIEWER_URL_TEMPLATE })], consumers: trackingConsumers(store) };
  },
};
