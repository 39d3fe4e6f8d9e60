/** Composition of the notifier service. */
import { AsyncResource } from 'node:async_hooks';
import { loadCatalogue } from '@motcua/catalogue';
import type { Logger } from '@motcua/observability';
import { setTimer, timersCollection, type ServiceModule } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { loadNotifierConfig, providerWeights, type NotifierConfig, type SmsProviderName } from './config';
import { notifierCollections, notifierPorts, notifierTransaction, SMS_RETRY_TIMER, SMS_SWEEP_TIMER } from './data-access/notifier.store';
import { HttpJsonSmsSender } from './data-access/sms/http-json-sms.sender';
import { KannelSmsSender } from './data-access/sms/kannel-sms.sender';
import { LogSmsSender } from './data-access/sms/log-sms.sender';
import { SmsRouter } from './data-access/sms/sms-router';
import type { SmsSender } from './domain/notifier.ports';
import { dispatchNotification, sweepNotifications, type SendDeps } from './domain/send-notification.use-cases';
import { deliveryReportRoutes } from './entry-points/http/delivery-reports.routes';
import { notificationRoutes } from './entry-points/http/notifications.routes';
import { smsPreviewRoutes } from './entry-points/http/sms-preview.routes';
import { notifierConsumers } from './entry-points/messaging/notifier.consumers';

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

/** Dispatches run after the commit that made them due; stop() waits for those in flight. */
class Dispatcher {
  private readonly inFlight = new Set<Promise<unknown>>();
  /**
   * Bound to the context the dispatcher was made in (start-up), not the timer's unit
   * of work it is called from: the dispatch opens its own transactions after that one commits.
   */
  private readonly detached: (id: string) => void;

  constructor(
    private readonly deps: SendDeps,
    private readonly logger: Logger,
  ) {
    this.detached = AsyncResource.bind((id: string) => {
      setImmediate(() => {
        this.dispatch(id).catch((error: unknown) => this.logger.warn({ err: error, notificationId: id }, 'sms dispatch failed; the sweep tries again'));
      });
    });
  }

  dispatch(id: string): Promise<unknown> {
    const running = dispatchNotification(this.deps, id).finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
    return running;
  }

  /** From inside a unit of work (a timer): starts once the current one has committed. */
  later(id: string): void {
    this.detached(id);
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

export const notifierModule: ServiceModule = {
  name: 'notifier',
  collections: notifierCollections,
  create({ store, clock, logger }) {
    // Read once at start: a bad setting or catalogue entry stops start-up naming it.
    const config = loadNotifierConfig();
    const catalogue = loadCatalogue();
    const smsLogger = logger.child({ component: 'sms' });
    const providers = providerWeights(config).map((p) => ({ ...p, sender: buildSender(p.name, config, store, smsLogger) }));
    const sender = new SmsRouter(
      providers,
      { failoverAfter: config.NOTIFIER_SMS_FAILOVER_AFTER, cooldownMs: config.NOTIFIER_SMS_FAILOVER_COOLDOWN_MS, driftMs: config.NOTIFIER_SMS_FAILOVER_DRIFT_MS },
      smsLogger,
      () => clock().getTime(),
    );
    const run = notifierTransaction(store);
    const dispatcher = new Dispatcher(
      { run, sender, clock, policy: { maxAttempts: config.NOTIFIER_SMS_MAX_ATTEMPTS, retryInitialMs: config.NOTIFIER_SMS_RETRY_INITIAL_MS, retryMaxMs: config.NOTIFIER_SMS_RETRY_MAX_MS } },
      smsLogger,
    );
    const lookupUrl = (code: string): string => `${config.MOTCUA_LOOKUP_URL.replace(/\/$/, '')}/${encodeURIComponent(code)}`;
    const nextSweep = () => ({ id: SMS_SWEEP_TIMER, kind: SMS_SWEEP_TIMER, dueAt: new Date(clock().getTime() + config.NOTIFIER_SWEEP_INTERVAL_MS).toISOString(), payload: {} });
    return {
      routers: [notificationRoutes(store), smsPreviewRoutes(), deliveryReportRoutes({ run, clock, logger: smsLogger, dlrSecret: config.NOTIFIER_DLR_SECRET })],
      consumers: notifierConsumers(store, { clock, lookupUrl, catalogue, dispatch: (id) => dispatcher.dispatch(id) }),
      timers: {
        [SMS_RETRY_TIMER]: async (_tx, timer) => {
          dispatcher.later(String(timer.payload['notificationId']));
        },
        [SMS_SWEEP_TIMER]: async (tx, _timer) => {
          const swept = await sweepNotifications(notifierPorts(tx), clock(), {
            stuckMs: config.NOTIFIER_SENDING_STUCK_MS,
            lostDispatchMs: config.NOTIFIER_SWEEP_INTERVAL_MS,
            batch: 200,
          });
          if (swept.settled.length > 0) smsLogger.warn({ notificationIds: swept.settled }, 'sms stuck in sending settled as technical-failure (not resent)');
          for (const id of swept.redispatch) dispatcher.later(id);
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
      stop: () => dispatcher.idle(),
    };
  },
};
