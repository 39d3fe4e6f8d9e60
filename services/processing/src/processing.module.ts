/** Composition of the processing service. */
import { randomUUID } from 'node:crypto';
import { loadCatalogue } from '@motcua/catalogue';
import type { ServiceModule } from '@motcua/runtime';
import { loadCalendar, localDateOf } from '@motcua/working-time';
import { OVERDUE_TIMER_KIND, processingCollections, processingTransaction } from './data-access/processing.store';
import type { ProcessingContext } from './domain/processing.ports';
import { workItemDocumentRoutes } from './entry-points/http/work-item-documents.routes';
import { workItemRoutes } from './entry-points/http/work-items.routes';
import { processingConsumers } from './entry-points/messaging/processing.consumers';
import { overdueTimerHandler } from './entry-points/timers/overdue.timer';

export const processingModule: ServiceModule = {
  name: 'processing',
  description:
    'The specialists\' and leaders\' desk: the work-item queue, claiming, supplement requests, approval with a result draft, rejection and extension, and the letters they issue.',
  collections: processingCollections,
  create({ store, clock, logger }) {
    // Read once at start: a bad catalogue or calendar file stops start-up naming the file and line.
    const catalogue = loadCatalogue();
    const calendar = loadCalendar();
    const thisYear = Number(localDateOf(clock()).slice(0, 4));
    for (const year of [thisYear, thisYear + 1]) {
      if (!calendar.covers(`${year}-01-01`)) logger.warn({ year, covered: calendar.years }, `no calendar file for ${year}: resumed and restarted deadlines count weekends only`);
    }
    const context: ProcessingContext = { catalogue, calendar, clock, newId: randomUUID, log: logger };
    return {
      routers: [workItemRoutes({ store, transaction: processingTransaction(store), context }), workItemDocumentRoutes(store, catalogue)],
      consumers: processingConsumers(store, context),
      timers: { [OVERDUE_TIMER_KIND]: overdueTimerHandler(context) },
    };
  },
};
