/** Composition of the notifier service. */
import { loadCatalogue } from '@motcua/catalogue';
import type { ServiceModule } from '@motcua/runtime';
import { loadNotifierConfig } from './config';
import { notifierCollections } from './data-access/notifier.store';
import { LogSmsSender } from './data-access/sms/log-sms.sender';
import { notificationRoutes } from './entry-points/http/notifications.routes';
import { smsPreviewRoutes } from './entry-points/http/sms-preview.routes';
import { notifierConsumers } from './entry-points/messaging/notifier.consumers';

export const notifierModule: ServiceModule = {
  name: 'notifier',
  collections: notifierCollections,
  create({ store, clock, logger }) {
    // Read once at start: a bad setting or catalogue entry stops start-up naming it.
    const config = loadNotifierConfig();
    const catalogue = loadCatalogue();
    const sender = new LogSmsSender(store, logger.child({ component: 'sms' }));
    const lookupUrl = (code: string): string => `${config.MOTCUA_LOOKUP_URL.replace(/\/$/, '')}/${encodeURIComponent(code)}`;
    return {
      routers: [notificationRoutes(store), smsPreviewRoutes()],
      consumers: notifierConsumers(store, sender, { clock, lookupUrl, catalogue }),
    };
  },
};
