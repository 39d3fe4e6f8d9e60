/**
 * The lifecycle journeys (satellite rounds, supplement, rejection, overdue and
 * extension, return to a satellite point) on the embedded edition, started the way
 * `npm start` starts it, on a demo clock the journeys move forward.
 */
import { join } from 'node:path';
import { embeddedProcess, tempDir, type ManagedProcess } from './support/service-process';
import { DemoClock, lifecycleJourneys, localTime } from './support/lifecycle-journeys';

describe('lifecycle journeys on the embedded edition', () => {
  let motcua: ManagedProcess;
  let clock: DemoClock;

  beforeAll(async () => {
    const dataDir = tempDir('embedded-lifecycle');
    clock = new DemoClock(join(dataDir, 'clock.json'));
    clock.set(localTime('08:00'));
    motcua = embeddedProcess(dataDir, { MOTCUA_CLOCK_FILE: clock.file, TIMER_POLL_MS: '200' });
    await motcua.start(['intake', 'processing', 'signing', 'return', 'notifier', 'tracking']);
  }, 60_000);

  afterAll(async () => {
    await motcua?.stop();
  }, 30_000);

  lifecycleJourneys(() => ({ url: (service) => motcua.url(service), clock }));
});
