/** Composition of the tracking service. */
import type { ServiceModule } from '@motcua/runtime';
import { trackingCollections } from './data-access/tracking.store';
import { trackingRoutes } from './entry-points/http/dossiers.routes';
import { trackingConsumers } from './entry-points/messaging/tracking.consumers';

export const trackingModule: ServiceModule = {
  name: 'tracking',
  collections: trackingCollections,
  create({ store }) {
    return { routers: [trackingRoutes(store)], consumers: trackingConsumers(store) };
  },
};
