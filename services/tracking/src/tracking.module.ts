/** Composition of the tracking service. */
import { loadCatalogue } from '@motcua/catalogue';
import type { ServiceModule } from '@motcua/runtime';
import { loadTrackingConfig } from './config';
import { catalogueNames } from './data-access/catalogue.names';
import { trackingCollections } from './data-access/tracking.store';
import { trackingRoutes } from './entry-points/http/dossiers.routes';
import { trackingConsumers } from './entry-points/messaging/tracking.consumers';

export const trackingModule: ServiceModule = {
  name: 'tracking',
  collections: trackingCollections,
  create({ store, clock }) {
    const config = loadTrackingConfig();
    // Names only, for printed slips: the read model keeps ids, so a renamed centre prints its new name.
    const names = catalogueNames(loadCatalogue());
    return {
      routers: [trackingRoutes(store, { traceViewerUrlTemplate: config.TRACE_VIEWER_URL_TEMPLATE, names, clock })],
      consumers: trackingConsumers(store),
    };
  },
};
