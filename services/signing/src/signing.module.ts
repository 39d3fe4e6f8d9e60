/** Composition of the signing service. */
import type { ServiceModule } from '@motcua/runtime';
import { loadSigningConfig } from './config';
import { signingCollections, signingTransaction } from './data-access/signing.store';
import { signingRoutes } from './entry-points/http/signature-requests.routes';
import { signingConsumers } from './entry-points/messaging/signing.consumers';

export const signingModule: ServiceModule = {
  name: 'signing',
  collections: signingCollections,
  create({ store, clock }) {
    const config = loadSigningConfig();
    return {
      routers: [signingRoutes({ store, transaction: signingTransaction(store), clock, resultLinkSecret: config.resultLinkSecret })],
      consumers: signingConsumers(store, clock),
    };
  },
};
