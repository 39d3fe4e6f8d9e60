/** Composition of the intake service: its collections, routes, consumers and round timers. */
import { randomUUID } from 'node:crypto';
import { findPostalPoint, loadCatalogue, loadPostalPoints } from '@motcua/catalogue';
import type { ServiceModule } from '@motcua/runtime';
import { loadCalendar, localDateOf } from '@motcua/working-time';
import { loadIntakeConfig } from './config';
import { ROUND_TIMER_KIND, intakeCollections, intakeReads, intakeTransaction } from './data-access/intake.store';
import type { IntakeContext } from './domain/intake.ports';
import { scheduleRoundTimers } from './domain/transfer-round.use-cases';
import { catalogueRoutes } from './entry-points/http/catalogue.routes';
import { dossierRoutes } from './entry-points/http/dossiers.routes';
import { refusalRoutes } from './entry-points/http/refusals.routes';
import { transferRoundRoutes } from './entry-points/http/transfer-rounds.routes';
import { intakeConsumers } from './entry-points/messaging/intake.consumers';
import { transferRoundTimerHandler } from './entry-points/timers/transfer-round.timer';

export const intakeModule: ServiceModule = {
  name: 'intake',
  description:
    'Dossiers as received: integrators (the national public-service portal) and reception counters submit dossiers, hand in supplements and withdraw them; the reference data (procedures, centres, reception points) and the courier rounds between satellite points and the main centre.',
  collections: intakeCollections,
  create({ store, clock, logger }) {
    // Read once here: the domain gets the data, never the files. A bad file or variable stops start-up.
    const config = loadIntakeConfig();
    const catalogue = loadCatalogue();
    const calendar = loadCalendar();
    // A missing year is not fatal (weekends still count) but appointments and rounds would ignore its holidays.
    const thisYear = Number(localDateOf(clock()).slice(0, 4));
    for (const year of [thisYear, thisYear + 1]) {
      if (!calendar.covers(`${year}-01-01`)) logger.warn({ year, covered: calendar.years }, `no calendar file for ${year}: appointments count weekends only; add libs/working-time/data/calendar/${year}.json`);
    }
    const postalPoints = loadPostalPoints(new Set(catalogue.centres.map((c) => c.id)));
    const ctx: IntakeContext = {
      catalogue,
      calendar,
      clock,
      newId: randomUUID,
      duplicateWindowHours: config.INTAKE_DUPLICATE_WINDOW_HOURS,
      isPostalPoint: (code) => findPostalPoint(postalPoints, code) !== undefined,
      lookupUrl: (code) => config.INTAKE_LOOKUP_URL_TEMPLATE.replace('{code}', encodeURIComponent(code)),
    };
    const deps = { run: intakeTransaction(store), reads: intakeReads(store), ctx };
    return {
      routers: [dossierRoutes(deps), refusalRoutes(deps), transferRoundRoutes(deps), catalogueRoutes(catalogue)],
      consumers: intakeConsumers(store, ctx, logger),
      timers: { [ROUND_TIMER_KIND]: transferRoundTimerHandler(ctx) },
      start: async () => {
        const scheduled = await scheduleRoundTimers(deps.run, ctx);
        if (scheduled > 0) logger.info({ scheduled }, 'transfer-round timers scheduled');
      },
    };
  },
};
