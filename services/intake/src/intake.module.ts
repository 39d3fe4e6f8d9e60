/** Composition of the intake service: its collections, routes and (later) consumers. */
import { randomUUID } from 'node:crypto';
import type { ServiceModule } from '@motcua/runtime';
import { loadCatalogue } from './data-access/catalogue.loader';
import { intakeCollections, intakeReads, intakeTransaction } from './data-access/intake.store';
import { catalogueRoutes, dossierRoutes } from './entry-points/http/dossiers.routes';

export const intakeModule: ServiceModule = {
  name: 'intake',
  collections: intakeCollections,
  create({ store, clock }) {
    const catalogue = loadCatalogue();
    return {
      routers: [
        dossierRoutes({ catalogue, transaction: intakeTransaction(store), newId: randomUUID, clock, reads: intakeReads(store) }),
        catalogueRoutes(catalogue),
      ],
      consumers: [],
    };
  },
};
