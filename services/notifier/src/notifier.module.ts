/** Composition of the notifier service. */
import { randomUUID } from 'node:crypto';
import { loadCatalogue, loadPostalPoints } from '@motcua/catalogue';
import type { Logger } from '@motcua/observability';
import { AfterCommitRunner, loadRuntimeConfig, setTimer, sharedLinkSecret, timersCollection, type ServiceModule } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { loadNotifierConfig, providerWeights, templateSwitches, type NotifierConfig, type SmsProviderName } from './config';
import { notifierCollections, notifierPorts, notifierTransaction, SMS_RETRY_TIMER, SMS_SWEEP_TIMER } from './data-access/notifier.store';
import { HttpJsonSmsSender } from './data-access/sms/http-json-sms.sender';
import { KannelSmsSender } from './data-access/sms/kannel-sms.sender';
import { LogSmsSender } from './data-access/sms/log-sms.sender';
import { SmsRouter } from './data-access/sms/sms-router';
import type { SmsSender } from './domain/notifier.ports';
import { dispatchNotification, reconcileNotification, sweepNotifications, type SendDeps } from './domain/send-notification.use-cases';
import { deliveryReportRoutes } from './entry-points/http/delivery-reports.routes';
import { notificationRoutes } from './entry-points/http/notifications.routes';
import { smsPreviewRoutes } from './entry-points/http/sms-preview.routes';
import { notifierConsumers } from './entry-points/messaging/notifier.consumers';
import { registerNotifierMetrics } from './entry-points/metrics/notifier.metrics';
import { HttpPostalOperator } from './data-access/postal/http-postal.operator';
import { pickupsCollection, POSTAL_BOOKING_TIMER, postalTransaction } from './data-access/postal/postal-pickup.store';
import { SimulatedPostalOperator } from './data-access/postal/simulated-postal.operator';
import type { PostalOperator } from './domain/postal.ports';
import { bookPickup, type BookingDeps } from './domain/postal-pickup.use-cases';
import { postalRoutes } from './entry-points/http/postal.routes';

/** The file the callback secret is kept in on a SQLite store when none is configured. */
export const POSTAL_CALLBACK_SECRET_FILE = 'postal-callback.secret';

function buildPostalOperator(config: NotifierConfig, callbackUrl: string | undefined): PostalOperator {
  if (config.NOTIFIER_POSTAL_OPERATOR === 'simulator') return new SimulatedPostalOperator();
  return new HttpPostalOperator({
    url: config.NOTIFIER_POSTAL_OPERATOR_URL as string,
    apiKey: config.NOTIFIER_POSTAL_OPERATOR_API_KEY as string,
    callbackUrl,
    timeoutMs: config.NOTIFIER_POSTAL_TIMEOUT_MS,
  });
}

function buildSender(name: SmsProviderName, config: NotifierConfig, store: ServiceStore, logger: Logger): SmsSender {
  switch (name) {
    case 'log':
      return new LogSmsSender(store, logger);
    // loadNotifierConfig has checked that each provider's settings are present.
    case 'kannel':
      return new KannelSmsSender({
        sendsmsUrl: config.KANNEL_SENDSMS_URL as string,
        username: config.KANNEL_USERNAME as string,
        password: config.KANNEL_PASSWORD as string,
        from: config.KANNEL_FROM,
        smsc: config.KANNEL_SMSC,
        publicUrl: config.NOTIFIER_PUBLIC_URL as string,
        dlrSecret: config.NOTIFIER_DLR_SECRET as string,
        timeoutMs: config.NOTIFIER_SMS_TIMEOUT_MS,
        adminUrl: config.KANNEL_ADMIN_URL,
        adminPassword: config.KANNEL_ADMIN_PASSWORD,
      });
    case 'http':
      return new HttpJsonSmsSender({
        url: config.NOTIFIER_HTTP_SMS_URL as string,
        authHeader: config.NOTIFIER_HTTP_SMS_AUTH_HEADER,
        fields: JSON.parse(config.NOTIFIER_HTTP_SMS_FIELDS) as Record<string, string>,
        encodingValues: JSON.parse(config.NOTIFIER_HTTP_SMS_ENCODING_VALUES) as { gsm7: string; ucs2: string },
        successCodes: config.NOTIFIER_HTTP_SMS_SUCCESS_CODES.split(',').map(Number),
        idField: config.NOTIFIER_HTTP_SMS_ID_FIELD,
        from: config.NOTIFIER_HTTP_SMS_FROM,
        timeoutMs: config.NOTIFIER_SMS_TIMEOUT_MS,
      });
  }
}

export const notifierModule: ServiceModule = {
  name: 'notifier',
  description:
    'The SMS and postal side: the notification log, an SMS text preview, and the callbacks of the SMS gateway (delivery reports) and the postal operator.',
  collections: [...notifierCollections, pickupsCollection],
  create({ store, clock, logger, metrics }) {
    // Read once at start: a bad setting or catalogue entry stops start-up naming it.
    const config = loadNotifierConfig();
    const catalogue = loadCatalogue();
    const switches = templateSwitches(config, new Set(catalogue.centres.map((c) => c.id)));
    const smsLogger = logger.child({ component: 'sms' });
    const providers = providerWeights(config).map((p) => ({ ...p, sender: buildSender(p.name, config, store, smsLogger) }));
    const sender = new SmsRouter(
      providers,
      { failoverAfter: config.NOTIFIER_SMS_FAILOVER_AFTER, cooldownMs: config.NOTIFIER_SMS_FAILOVER_COOLDOWN_MS, driftMs: config.NOTIFIER_SMS_FAILOVER_DRIFT_MS },
      smsLogger,
      () => clock().getTime(),
    );
    const run = notifierTransaction(store);
    registerNotifierMetrics(metrics, store);
    const sendDeps: SendDeps = {
      run,
      sender,
      clock,
      policy: {
        maxAttempts: config.NOTIFIER_SMS_MAX_ATTEMPTS,
        retryInitialMs: config.NOTIFIER_SMS_RETRY_INITIAL_MS,
        retryMaxMs: config.NOTIFIER_SMS_RETRY_MAX_MS,
        rate: { perMinute: config.NOTIFIER_RATE_PER_MINUTE_PER_CENTRE, dailyCap: config.NOTIFIER_DAILY_CAP_PER_CENTRE },
      },
    };
    const dispatcher = new AfterCommitRunner((id) => dispatchNotification(sendDeps, id), smsLogger, { message: 'sms dispatch failed; the sweep tries again', idField: 'notificationId' });
    // Rows a crash left in `sending`, when every provider can say what became of them.
    const reconcileMs = sender.reconcile ? config.NOTIFIER_SENDING_RECONCILE_MS : undefined;
    const reconciler = new AfterCommitRunner(
      async (id) => {
        const outcome = await reconcileNotification(sendDeps, id, config.NOTIFIER_SENDING_RECONCILE_MS);
        if (outcome === 'resend') {
          smsLogger.warn({ notificationId: id }, 'sms left in sending never reached the gateway: submitted again');
          await dispatcher.run(id);
        }
      },
      smsLogger,
      { message: 'sms reconciliation failed; the sweep tries again', idField: 'notificationId' },
    );
    const postalLogger = logger.child({ component: 'postal' });
    const postalCtx = {
      catalogue,
      postalPoints: loadPostalPoints(new Set(catalogue.centres.map((c) => c.id)), config.NOTIFIER_POSTAL_POINTS_FILE),
      newId: randomUUID,
      clock,
      switches,
    };
    const postalPolicy = { maxAttempts: config.NOTIFIER_POSTAL_MAX_ATTEMPTS, retryInitialMs: config.NOTIFIER_POSTAL_RETRY_INITIAL_MS, retryMaxMs: config.NOTIFIER_POSTAL_RETRY_MAX_MS };
    const callbackSecret = sharedLinkSecret('NOTIFIER_POSTAL_CALLBACK_SECRET', config.NOTIFIER_POSTAL_CALLBACK_SECRET, loadRuntimeConfig(), POSTAL_CALLBACK_SECRET_FILE);
    const callbackUrl = config.NOTIFIER_PUBLIC_URL ? `${config.NOTIFIER_PUBLIC_URL.replace(/\/+$/, '')}/v1/postal/callbacks` : undefined;
    const runPostal = postalTransaction(store);
    const bookingDeps: BookingDeps = { run: runPostal, operator: buildPostalOperator(config, callbackUrl), ctx: postalCtx, policy: postalPolicy };
    // A booking queues the pickup-code SMS, dispatched once the booking has committed.
    const booker = new AfterCommitRunner(
      async (id) => {
        const outcome = await bookPickup(bookingDeps, id);
        if (outcome.notificationId) await dispatcher.run(outcome.notificationId);
      },
      postalLogger,
      { message: 'postal booking failed; its timer tries again', idField: 'pickupId' },
    );
    const lookupUrl = (code: string): string => `${config.MOTCUA_LOOKUP_URL.replace(/\/$/, '')}/${encodeURIComponent(code)}`;
    const nextSweep = () => ({ id: SMS_SWEEP_TIMER, kind: SMS_SWEEP_TIMER, dueAt: new Date(clock().getTime() + config.NOTIFIER_SWEEP_INTERVAL_MS).toISOString(), payload: {} });
    return {
      routers: [
        notificationRoutes(store),
        smsPreviewRoutes(),
        deliveryReportRoutes({ run, clock, logger: smsLogger, dlrSecret: config.NOTIFIER_DLR_SECRET }),
        postalRoutes({
          store,
          run: runPostal,
          ctx: postalCtx,
          logger: postalLogger,
          secret: callbackSecret,
          toleranceS: config.NOTIFIER_POSTAL_CALLBACK_TOLERANCE_S,
          simulator: config.NOTIFIER_POSTAL_OPERATOR === 'simulator',
          dispatch: (id) => dispatcher.run(id),
        }),
      ],
      consumers: notifierConsumers(store, {
        clock,
        lookupUrl,
        catalogue,
        switches,
        dispatch: (id) => dispatcher.run(id),
        postal: { ctx: postalCtx, policy: postalPolicy, book: (id) => booker.run(id) },
      }),
      timers: {
        [POSTAL_BOOKING_TIMER]: async (_tx, timer) => {
          booker.later(String(timer.payload['pickupId']));
        },
        // A retry, or a submission held by the centre's rate limit or daily cap.
        [SMS_RETRY_TIMER]: async (_tx, timer) => {
          dispatcher.later(String(timer.payload['notificationId']));
        },
        [SMS_SWEEP_TIMER]: async (tx, _timer) => {
          const swept = await sweepNotifications(notifierPorts(tx), clock(), {
            stuckMs: config.NOTIFIER_SENDING_STUCK_MS,
            reconcileMs,
            lostDispatchMs: config.NOTIFIER_SWEEP_INTERVAL_MS,
            batch: 200,
          });
          if (swept.settled.length > 0) smsLogger.warn({ notificationIds: swept.settled }, 'sms stuck in sending settled as technical-failure (not resent)');
          for (const id of swept.redispatch) dispatcher.later(id);
          for (const id of swept.reconcile) reconciler.later(id);
          await setTimer(tx, nextSweep());
        },
      },
      // The sweep re-arms itself; this sets it the first time (and after it was lost).
      start: async () => {
        await store.unitOfWork.run(async (tx) => {
          const timers = tx.collection<{ id: string }>(timersCollection);
          if (!(await timers.get(SMS_SWEEP_TIMER))) await setTimer(tx, nextSweep());
        });
      },
      stop: async () => {
        await booker.idle();
        await reconciler.idle();
        await dispatcher.idle();
      },
    };
  },
};
