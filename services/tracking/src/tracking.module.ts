/** Composition of the tracking service. */
import { findPostalPoint, loadCatalogue, loadPostalPoints } from '@motcua/catalogue';
import { replayOf } from '@motcua/messaging';
import { configuredCredential, loadRuntimeConfig, serviceCredential, type ServiceModule } from '@motcua/runtime';
import { loadCalendar } from '@motcua/working-time';
import { loadTrackingConfig } from './config';
import { catalogueNames } from './data-access/catalogue.names';
import { deadLetterActionLog, deadLetterActionsCollection } from './data-access/dead-letter-actions.store';
import { deadLetterStoreFrom } from './data-access/dead-letters.source';
import { pipelineSources } from './data-access/pipeline.sources';
import { trackingCollections } from './data-access/tracking.store';
import { briefingRoutes } from './entry-points/http/briefing.routes';
import { deadLetterRoutes } from './entry-points/http/dead-letters.routes';
import { consoleRoutes } from './entry-points/http/console.routes';
import { lookupRoutes } from './entry-points/http/lookup.routes';
import { returnDownloadLinks } from './data-access/return-links.client';
import { trackingRoutes } from './entry-points/http/dossiers.routes';
import { opsPipelineRoutes } from './entry-points/http/ops-pipeline.routes';
import { registerTrackingMetrics } from './entry-points/metrics/tracking.metrics';
import { trackingConsumers } from './entry-points/messaging/tracking.consumers';
import { statusWebhookCollections } from './data-access/status-webhooks.store';
import { statusWebhooks } from './status-webhooks.composition';

/** Dead letters read per consumer group for the ops API; a group with more needs fixing before listing. */
const DEAD_LETTERS_READ_PER_GROUP = 5000;

export const trackingModule: ServiceModule = {
  name: 'tracking',
  description:
    'The read model: status and timeline of every dossier by its code, filtered lists, the tracking slip, the daily briefing, the citizen lookup, status webhooks for integrators, the ops console and the ops API for dead letters and the pipeline.',
  collections: [...trackingCollections, deadLetterActionsCollection, ...statusWebhookCollections],
  create({ store, bus, logger, clock, metrics, apiKeys }) {
    const config = loadTrackingConfig();
    // Names only, for printed slips and the briefing: the read model keeps ids, so a renamed centre prints its new name.
    const catalogue = loadCatalogue();
    const names = catalogueNames(catalogue);
    const calendar = loadCalendar();
    // Dead letters are read from the bus the services run on; the reader opens nothing until asked.
    const deadLetters = deadLetterStoreFrom(loadRuntimeConfig(), logger);
    const postalPoints = loadPostalPoints(new Set(catalogue.centres.map((c) => c.id)), ...(config.TRACKING_POSTAL_POINTS_FILE ? [config.TRACKING_POSTAL_POINTS_FILE] : []));
    const returnCredential = config.TRACKING_RETURN_API_KEY
      ? configuredCredential(config.TRACKING_RETURN_API_KEY)
      : apiKeys && serviceCredential(store, apiKeys, { integratorId: 'motcua-tracking', name: 'tracking: download links for the citizen lookup', centres: 'all', operations: ['dossiers:read'] });
    const webhooks = statusWebhooks({ store, logger, clock, catalogue, config });
    const pipeline = pipelineSources({ store, bus, config, clock });
    registerTrackingMetrics(metrics, { store, pipeline });
    const centres = catalogue.centres.map(({ id, name, receptionPoints }) => ({ id, name, receptionPoints: receptionPoints.map((p) => ({ id: p.id, name: p.name })) }));
    return {
      routers: [
        trackingRoutes(store, { traceViewerUrlTemplate: config.TRACE_VIEWER_URL_TEMPLATE, names, clock }),
        consoleRoutes(),
        lookupRoutes(store, {
          names: {
            ...names,
            postalPoint: (code) => {
              const point = findPostalPoint(postalPoints, code);
              return point ? { name: point.name, address: point.address, openingHours: point.openingHours } : undefined;
            },
          },
          limits: { perClient: config.TRACKING_LOOKUP_PER_CLIENT, failuresPerCode: config.TRACKING_LOOKUP_FAILURES_PER_CODE, windowSeconds: config.TRACKING_LOOKUP_WINDOW_SECONDS },
          issueDownloadLink: returnDownloadLinks(config.TRACKING_RETURN_URL, returnCredential),
        }),
        briefingRoutes(store, { centres, nextWorkingDay: (date) => calendar.nextWorkingDay(date) }),
        deadLetterRoutes({
          catalogue,
          clock,
          useCases: {
            reader: deadLetters,
            actions: deadLetterActionLog(store),
            readLimit: DEAD_LETTERS_READ_PER_GROUP,
            replay: async (letter, replayId) => {
              const { topic, message } = replayOf(letter, replayId);
              await bus.publishRaw(topic, [message]);
            },
          },
        }),
        webhooks.router,
        opsPipelineRoutes(pipeline),
      ],
      consumers: trackingConsumers(store, webhooks.onStatusChange),
      timers: webhooks.timers,
      stop: async () => {
        await webhooks.stop();
        await deadLetters.close();
      },
    };
  },
};
