/** Composition of the intake service: its collections, routes and (later) consumers. */
import { randomUUID } from 'node:crypto';
import type { ServiceModule } from '@motcua/runtime';
import { loadCalendar, localDateOf } from '@motcua/working-time';
import { loadCatalogue } from './data-access/catalogue.loader';
import { intakeCollections, intakeReads, intakeTransaction } from './data-access/intake.store';
import { catalogueRoutes, dossierRoutes } from './entry-points/http/dossiers.routes';

export const intakeModule: ServiceModule = {
  name: 'intake',
  collections: intakeCollections,
  create({ store, clock, logger }) {
    const catalogue = loadCatalogue();
    // Read once here: the domain gets the calendar, never the files. A bad calendar file stops start-up.
    const calendar = loadCalendar();
    // A missing year is not fatal (weekends still count) but appointments would ignore its holidays.
    const thisYear = Number(localDateOf(clock()).slice(0, 4));
    for (const year of [thisYear, thisYear + 1]) {
      if (!calendar.covers(`${year}-01-01`)) logger.warn({ year, covered: calendar.years }, `no calendar file for ${year}: appointments count weekends only; add libs/working-time/data/calendar/${year}.json`);
    }
    return {
      routers: [
        dossierRoutes({ catalogue, calendar, transaction: intakeTransaction(store), newId: randomUUID, clock, reads: intakeReads(store) }),
        catalogueRoutes(catalogue),
      ],
      consumers: [],
    };
  },
};
