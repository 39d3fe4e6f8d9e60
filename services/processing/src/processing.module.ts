/** Composition of the processing service. */
import type { ServiceModule } from '@motcua/runtime';
import { processingCollections, processingTransaction } from './data-access/processing.store';
import { workItemRoutes } from './entry-points/http/work-items.routes';
import { processingConsumers } from './entry-points/messaging/processing.consumers';

export const processingModule: ServiceModule = {
  name: 'processing',
  collections: processingCollections,
  create({ store, clock }) {
    return {
      routers: [workItemRoutes({ store, transaction: processingTransaction(store), clock })],
      consumers: processingConsumers(store, clock),
    };
  },
};
