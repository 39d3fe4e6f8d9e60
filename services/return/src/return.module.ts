/** Composition of the return service. */
import type { ServiceModule } from '@motcua/runtime';
import { returnCollections, returnTransaction } from './data-access/return.store';
import { resultRoutes } from './entry-points/http/results.routes';
import { returnConsumers } from './entry-points/messaging/return.consumers';

export const returnModule: ServiceModule = {
  name: 'return',
  collections: returnCollections,
  create({ store, clock }) {
    return {
      routers: [resultRoutes({ store, transaction: returnTransaction(store), clock })],
      consumers: returnConsumers(store, clock),
    };
  },
};
