/** What the notifier needs from the outside: an SMS provider, storage, the bus. */
import type { Emitter, EventEnvelope } from '@motcua/contracts';
import type { Contact, Notification } from './notification.entity';
import type { CentreSendRate } from './send-rate.rules';
import type { SmsEncoding } from './sms-text.rules';

export interface SmsMessage {
  to: string;
  text: string;
  /** Decided when queued; gateways map it to their coding (Kannel: 0 GSM-7, 2 UCS-2). */
  encoding: SmsEncoding;
  /** Our notification id, echoed back in delivery reports. */
  reference: string;
  /** The dossier's trace: a gateway that calls back without headers carries it in the callback URL. */
  traceparent?: string | undefined;
}

export interface SmsReceipt {
  provider: string;
  providerMessageId: string;
  segments: number;
}

/**
 * The SMS port. Adapters: the store-and-log sender, Kannel, a generic HTTP JSON
 * aggregator, and the weighted router over several of them. A failure is thrown as
 * one of the errors in sms-delivery.errors.ts, saying whether the message may have gone out.
 */
export interface SmsSender {
  send(message: SmsMessage): Promise<SmsReceipt>;
  /**
   * Only on a provider that can say what became of a message whose answer we never
   * recorded (a crash or timeout after the claim): one that reports every message it
   * passes to the SMS centre by a callback it retries for a known span, and can list
   * the messages it still holds. `held`: it has the message (or may: another for the
   * same number) queued and will report it; `not-held`: it holds nothing for it. With
   * no report either for longer than the callback retry span, the message certainly
   * did not go out (see reconcileNotification). Throws when it cannot tell now.
   */
  reconcile?(message: SmsMessage): Promise<GatewayHolding>;
}

export type GatewayHolding = 'held' | 'not-held';

/** A citizen-facing event that came before its dossier's DossierReceived: kept until the phone is known. */
export interface AwaitingContact {
  /** The event's id: kept once however often it is delivered. */
  id: string;
  /** The event's subject, kept apart to be looked up by. */
  dossierId: string;
  waitingSince: string;
  envelope: EventEnvelope;
}

export interface NotifierTransaction extends Emitter {
  notifications: {
    get(id: string): Promise<Notification | undefined>;
    findByKey(key: string): Promise<Notification | undefined>;
    insert(notification: Notification): Promise<void>;
    save(notification: Notification): Promise<void>;
    /**
     * Rows in `status` whose `field` (an ISO time) is at or before `before`, oldest
     * first. By `createdAt`, only rows without a `nextAttemptAt`: a held row is due by
     * that instead, and must not crowd the sweep's batch until then.
     */
    findDue(status: Notification['status'], field: 'createdAt' | 'sendingAt' | 'nextAttemptAt', before: string, limit: number): Promise<Notification[]>;
    /** A durable timer that brings the notification back for a submission at `dueAt` (a retry, or a held one). */
    scheduleRetry(notificationId: string, dueAt: string): Promise<void>;
  };
  /** Each centre's token bucket and daily count (see send-rate.rules.ts). */
  sendRates: {
    get(centreId: string): Promise<CentreSendRate | undefined>;
    save(rate: CentreSendRate): Promise<void>;
  };
  contacts: {
    get(dossierId: string): Promise<Contact | undefined>;
    upsert(contact: Contact): Promise<void>;
  };
  awaitingContact: {
    keep(entry: AwaitingContact): Promise<void>;
    /** Removes and returns the dossier's waiting events, oldest first. */
    takeFor(dossierId: string): Promise<AwaitingContact[]>;
  };
}

export type RunNotifierTransaction = <T>(work: (tx: NotifierTransaction) => Promise<T>) => Promise<T>;
