/** Composition of the return service. */
import { randomUUID } from 'node:crypto';
import { loadCatalogue } from '@motcua/catalogue';
import type { ServiceModule } from '@motcua/runtime';
import { loadReturnConfig } from './config';
import { returnCollections, returnTransaction } from './data-access/return.store';
import { signingDownloadLinks } from './data-access/signing-links';
import type { ReturnContext } from './domain/return.ports';
import { resultRoutes } from './entry-points/http/results.routes';
import { returnConsumers } from './entry-points/messaging/return.consumers';

export const returnModule: ServiceModule = {
  name: 'return',
  description:
    'Results on their way back to the citizen: where each is, the handover at the counter, and expiring download links for electronic results.',
  collections: returnCollections,
  create({ store, clock }) {
    // Read once at start: a bad setting or catalogue entry stops start-up naming it.
    const config = loadReturnConfig();
    const context: ReturnContext = {
      catalogue: loadCatalogue(),
      clock,
      newId: randomUUID,
      links: signingDownloadLinks(config.signingPublicUrl, config.resultLinkSecret),
      linkTtlMinutes: config.resultLinkTtlMinutes,
    };
    return {
      routers: [resultRoutes({ store, transaction: returnTransaction(store), context })],
      consumers: returnConsumers(store, context),
    };
  },
};
