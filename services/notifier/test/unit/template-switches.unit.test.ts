import { createEvent } from '@motcua/contracts';
import { dossierReceived } from '@motcua/testing';
import { loadNotifierConfig, templateSwitches } from '../../src/config';
import { dispatchNotification, recordDeliveryReport } from '../../src/domain/send-notification.use-cases';
import { catalogue, memory, queueNotification } from './notifier-memory.fixture';

const centres = new Set(catalogue.centres.map((c) => c.id));
const switchesFrom = (env: Record<string, string>) => templateSwitches(loadNotifierConfig(env), centres);

const phongDien = { dossierId: 'd-1', dossierCode: 'PDN-261125-0001', centreId: 'hue-phong-dien' };
const kimLong = { dossierId: 'd-2', dossierCode: 'KLG-261125-0001', centreId: 'hue-kim-long' };
const withdrawn = (base: typeof phongDien) => createEvent({ name: 'DossierWithdrawn', data: { ...base, actor: { role: 'reception' }, reason: 'Công dân rút hồ sơ', withdrawnAt: '2026-11-25T04:00:00.000Z' } });

describe('templates switched off', () => {
  describe('configuration', () => {
    it('when nothing is configured, then every template is on', () => {
      expect(switchesFrom({})).toEqual({ off: new Set(), offByCentre: new Map() });
    });

    it('when templates are switched off globally and per centre, then both lists are read', () => {
      const switches = switchesFrom({ NOTIFIER_TEMPLATES_OFF: 'extended, withdrawn', NOTIFIER_CENTRE_TEMPLATES_OFF: 'hue-kim-long:receipt;hue-phong-dien:withdrawn,rejected;' });
      expect(switches.off).toEqual(new Set(['extended', 'withdrawn']));
      expect(switches.offByCentre).toEqual(
        new Map([
          ['hue-kim-long', new Set(['receipt'])],
          ['hue-phong-dien', new Set(['withdrawn', 'rejected'])],
        ]),
      );
    });

    it.each([
      [{ NOTIFIER_TEMPLATES_OFF: 'reciept' }, 'invalid configuration: NOTIFIER_TEMPLATES_OFF: unknown template "reciept"'],
      [{ NOTIFIER_TEMPLATES_OFF: 'postal_booked' }, 'NOTIFIER_TEMPLATES_OFF: postal_booked carries the pickup code'],
      [{ NOTIFIER_CENTRE_TEMPLATES_OFF: 'hue-kim-long' }, 'NOTIFIER_CENTRE_TEMPLATES_OFF: "hue-kim-long" is not <centre id>:<template>'],
      [{ NOTIFIER_CENTRE_TEMPLATES_OFF: 'hue-kim-long:receipt;hue-kim-long:extended' }, 'NOTIFIER_CENTRE_TEMPLATES_OFF: centre "hue-kim-long" is listed twice'],
      [{ NOTIFIER_CENTRE_TEMPLATES_OFF: 'hue-kim-long:recept' }, 'NOTIFIER_CENTRE_TEMPLATES_OFF: unknown template "recept"'],
      [{ NOTIFIER_CENTRE_TEMPLATES_OFF: 'hue-atlantis:receipt' }, 'NOTIFIER_CENTRE_TEMPLATES_OFF: unknown centre "hue-atlantis"'],
    ])('when the switches are %j, then start-up stops naming the variable', (env, message) => {
      expect(() => switchesFrom(env)).toThrow(message);
    });

    it('when a template id is wrong, then loading the configuration alone already refuses it', () => {
      expect(() => loadNotifierConfig({ NOTIFIER_CENTRE_TEMPLATES_OFF: 'hue-kim-long:nope' })).toThrow('unknown template "nope"');
    });
  });

  it('when a template is off for a centre, then its event records one suppressed notification, sends nothing and emits nothing; other centres still get it', async () => {
    const switches = switchesFrom({ NOTIFIER_CENTRE_TEMPLATES_OFF: 'hue-phong-dien:withdrawn' });
    const { tx, context, notifications, events, run } = memory({ switches });
    await queueNotification(tx, dossierReceived(phongDien), context);
    await queueNotification(tx, dossierReceived({ ...kimLong, applicant: { ...dossierReceived().data.applicant, phone: '0987654321' } }), context);

    const event = withdrawn(phongDien);
    expect(await queueNotification(tx, event, context)).toBeUndefined();
    expect(await queueNotification(tx, { ...event, id: 'redelivered' }, context)).toBeUndefined();
    const suppressed = notifications.filter((n) => n.status === 'suppressed');
    expect(suppressed).toEqual([
      expect.objectContaining({
        key: 'd-1:withdrawn:sms',
        template: 'withdrawn',
        templateVersion: 1,
        centreId: 'hue-phong-dien',
        text: 'Hồ sơ PDN-261125-0001 đã được rút theo đề nghị của ông/bà.',
        suppressedReason: 'template withdrawn is switched off for centre hue-phong-dien (NOTIFIER_CENTRE_TEMPLATES_OFF)',
      }),
    ]);
    expect(suppressed[0]?.encoding).toBeUndefined();

    // Nothing to dispatch, and a stray report cannot make it look sent.
    const sends: unknown[] = [];
    const sender = { send: async () => (sends.push(1), { provider: 'log', providerMessageId: 'x', segments: 1 }) };
    expect(await dispatchNotification({ run, sender, clock: () => new Date('2026-11-25T04:00:01Z'), policy: { maxAttempts: 3, retryInitialMs: 1000, retryMaxMs: 60_000 } }, suppressed[0]!.id)).toBeUndefined();
    expect(await recordDeliveryReport(run, { notificationId: suppressed[0]!.id, provider: 'kannel', status: 'delivered', detail: '' }, () => new Date())).toMatchObject({ applied: false });
    expect(sends).toEqual([]);
    expect(events).toEqual([]);

    expect(await queueNotification(tx, withdrawn(kimLong), context)).toMatchObject({ status: 'created', centreId: 'hue-kim-long', template: 'withdrawn' });
  });

  it('when a template is off everywhere, then every centre records it suppressed with the global reason', async () => {
    const { tx, context, notifications } = memory({ switches: switchesFrom({ NOTIFIER_TEMPLATES_OFF: 'receipt' }) });
    expect(await queueNotification(tx, dossierReceived(kimLong), context)).toBeUndefined();
    expect(notifications).toEqual([expect.objectContaining({ status: 'suppressed', template: 'receipt', suppressedReason: 'template receipt is switched off (NOTIFIER_TEMPLATES_OFF)' })]);
  });

  it('when the switch is turned back on, then an event already recorded as suppressed is not sent late', async () => {
    const off = memory({ switches: switchesFrom({ NOTIFIER_TEMPLATES_OFF: 'receipt' }) });
    await queueNotification(off.tx, dossierReceived(phongDien), off.context);
    const backOn = { ...off.context, switches: switchesFrom({}) };
    expect(await queueNotification(off.tx, { ...dossierReceived(phongDien), id: 'redelivered-after-switch' }, backOn)).toBeUndefined();
    expect(off.notifications.map((n) => n.status)).toEqual(['suppressed']);
  });
});
