/** Composition of the tracking service. */
import { loadCatalogue } from '@motcua/catalogue';
import type { ServiceModule } from '@motcua/runtime';
import { loadCalendar } from '@motcua/working-time';
import { loadTrackingConfig } from './config';
import { catalogueNames } from './data-access/catalogue.names';
import { trackingCollections } from './data-access/tracking.store';
import { briefingRoutes } from './entry-points/http/briefing.routes';
import { trackingRoutes } from './entry-points/http/dossiers.routes';
import { trackingConsumers } from './entry-points/messaging/tracking.consumers';

export const trackingModule: ServiceModule = {
  name: 'tracking',
  collections: trackingCollections,
  create({ store, clock }) {
    const config = loadTrackingConfig();
    // Names only, for printed slips and the briefing: the read model keeps ids, so a renamed centre prints its new name.
    const catalogue = loadCatalogue();
    const names = catalogueNames(catalogue);
    const calendar = loadCalendar();
    const centres = catalogue.centres.map(({ id, name, receptionPoints }) => ({ id, name, receptionPoints: receptionPoints.map((p) => ({ id: p.id, name: p.name })) }));
    return {
      routers: [
        trackingRoutes(store, { traceViewerUrlTemplate: config.TRACE_VIEWER_URL_TEMPLATE, names, clock }),
        briefingRoutes(store, { centres, nextWorkingDay: (date) => calendar.nextWorkingDay(date) }),
      ],
      consumers: trackingConsumers(store),
    };
  },
};
