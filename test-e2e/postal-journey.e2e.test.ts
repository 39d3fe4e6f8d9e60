/**
 * The postal journeys of issue 5 on the embedded edition, started the way `npm start`
 * starts it, with the postal operator simulator driven over the notifier's HTTP API:
 * a result collected at a postal point, and one the post returns to sender, which
 * falls back to the centre's counter.
 */
import { join } from 'node:path';
import { waitFor } from '@motcua/testing';
import { embeddedProcess, tempDir, type ManagedProcess } from './support/service-process';
import { applicant, birthRegistration, call, Centre, DemoClock, localTime } from './support/lifecycle-journeys';

const deadline = { timeoutMs: 60_000, intervalMs: 100 };

describe('postal journeys on the embedded edition', () => {
  let motcua: ManagedProcess;
  let centre: Centre;

  beforeAll(async () => {
    const dataDir = tempDir('embedded-postal');
    const clock = new DemoClock(join(dataDir, 'clock.json'));
    clock.set(localTime('09:00'));
    motcua = embeddedProcess(dataDir, { MOTCUA_CLOCK_FILE: clock.file, TIMER_POLL_MS: '200' });
    await motcua.start(['intake', 'processing', 'signing', 'return', 'notifier', 'tracking']);
    centre = new Centre((service) => motcua.url(service));
  }, 60_000);

  afterAll(async () => {
    await motcua?.stop();
  }, 30_000);

  const booked = (dossierId: string) =>
    waitFor(async () => {
      const reply = await call<{ items: { trackingCode?: string }[] }>('GET', `${motcua.url('notifier')}/v1/postal/pickups?dossierId=${dossierId}`);
      return reply.body.items[0]?.trackingCode;
    }, { ...deadline, what: `the postal pickup of ${dossierId} to be booked` });
  const sent = (dossierId: string, template: string) =>
    waitFor(async () => (await centre.notifications(dossierId)).find((n) => n.template === template && n.status === 'sent') as { template: string; status: string; text?: string } | undefined, {
      ...deadline,
      what: `the ${template} SMS`,
    });
  const drive = async (trackingCode: string, status: string) => {
    const reply = await call<{ outcome: string }>('POST', `${motcua.url('notifier')}/v1/postal/simulator/${trackingCode}/${status}`, { body: {}, officer: 'hue-ops-1' });
    expect(reply.body.outcome).toBe('applied');
  };

  it('when the citizen chose a postal point, then the pickup is booked, the citizen texted the pickup code, and collecting it returns the dossier', async () => {
    const dossier = await centre.submit(birthRegistration({ returnChannel: { type: 'postal_point', postalPointId: 'DBC-PDN-01' } }));
    await centre.approve(dossier.id);
    await centre.sign(dossier.id);
    const trackingCode = await booked(dossier.id);
    const sms = await sent(dossier.id, 'postal_booked');
    expect(sms.text).toContain(trackingCode);
    expect(sms.text).toMatch(/Mã nhận tại điểm: [0-9]{6}/);
    await drive(trackingCode, 'picked-up');
    await drive(trackingCode, 'arrived-at-point');
    await drive(trackingCode, 'collected');
    await centre.reaches(dossier.code, 'RETURNED');
    const journey = ['ResultReady', 'PostalPickupBooked', 'PostalPickupCollected', 'ResultReturned'];
    const steps = await centre.stepsOf(dossier.code, journey);
    expect(steps.map((s) => s.name).filter((n) => journey.includes(n))).toEqual(journey);
  }, 180_000);

  it('when the post returns the result to sender, then it falls back to the counter, the citizen is told, and it is handed over there', async () => {
    const dossier = await centre.submit(birthRegistration({ applicant: { ...applicant, phone: '0935000222' }, returnChannel: { type: 'postal_point', postalPointId: 'DBC-PDN-02' } }));
    await centre.approve(dossier.id);
    await centre.sign(dossier.id);
    const trackingCode = await booked(dossier.id);
    await drive(trackingCode, 'picked-up');
    await drive(trackingCode, 'returned-to-sender');
    await sent(dossier.id, 'postal_failed_counter');
    await waitFor(async () => {
      const reply = await call<{ items: { returnChannel: { type: string } }[] }>('GET', `${motcua.url('return')}/v1/results?dossierId=${dossier.id}`);
      return reply.body.items[0]?.returnChannel.type === 'counter';
    }, { ...deadline, what: 'the result to fall back to the counter' });
    expect((await centre.handOver(dossier.id)).status).toBe(200);
    await centre.reaches(dossier.code, 'RETURNED');
  }, 180_000);

  it('when the post returns the result to sender, then the citizen is told by SMS to collect it at the counter', async () => {
    const dossier = await centre.submit(birthRegistration({ applicant: { ...applicant, phone: '0935000333' }, returnChannel: { type: 'postal_point', postalPointId: 'DBC-PDN-03' } }));
    await centre.approve(dossier.id);
    await centre.sign(dossier.id);
    const trackingCode = await booked(dossier.id);
    await drive(trackingCode, 'returned-to-sender');
    await sent(dossier.id, 'postal_failed_counter');
  }, 180_000);
});
