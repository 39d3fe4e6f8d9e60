/** What the status-webhook use cases need from storage and from the network. */
import type { PostResult } from './webhook-retry.rules';
import type { DeliveryStatus, Lane, SubscriptionState, WebhookDelivery, WebhookSubscription } from './status-webhook.entity';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface WebhookTransaction {
  subscriptions: {
    get(id: string): Promise<WebhookSubscription | undefined>;
    /** Every subscription, active or paused: few per integrator, read on each status change. */
    all(): Promise<WebhookSubscription[]>;
    page(filter: { integratorId?: string | undefined; state?: SubscriptionState | undefined }, limit: number, offset: number): Promise<Page<WebhookSubscription>>;
    countFor(integratorId: string): Promise<number>;
    insert(subscription: WebhookSubscription): Promise<void>;
    save(subscription: WebhookSubscription): Promise<void>;
    delete(id: string): Promise<void>;
  };
  deliveries: {
    get(id: string): Promise<WebhookDelivery | undefined>;
    findByKey(key: string): Promise<WebhookDelivery | undefined>;
    insert(delivery: WebhookDelivery): Promise<void>;
    save(delivery: WebhookDelivery): Promise<void>;
    /** The lane's oldest pending delivery: the only one that may be attempted. */
    headOf(lane: Lane): Promise<WebhookDelivery | undefined>;
    /** The dossiers with pending deliveries to the subscription. */
    pendingDossiers(subscriptionId: string): Promise<string[]>;
    page(subscriptionId: string, status: DeliveryStatus | undefined, limit: number, offset: number): Promise<Page<WebhookDelivery>>;
    deleteFor(subscriptionId: string): Promise<number>;
  };
  /** One durable timer per lane: when it is next worth looking at (a retry due, a claim expired). */
  lanes: {
    wakeAt(lane: Lane, dueAt: string): Promise<void>;
    /** Sets the lane's timer only when it has none (an earlier delivery's retry time stays). */
    wakeIfIdle(lane: Lane, dueAt: string): Promise<void>;
    clear(lane: Lane): Promise<void>;
  };
  /** Store-wide, increasing: the order deliveries were created in. */
  nextSeq(): Promise<number>;
}

export type RunWebhookTransaction = <T>(work: (tx: WebhookTransaction) => Promise<T>) => Promise<T>;

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** POSTs a delivery; never throws: no answer is a `network` result. */
export interface WebhookSender {
  post(request: WebhookPost): Promise<PostResult>;
}
