/** Webhook subscriptions and deliveries, and the lanes' durable timers, over the storage port. */
import { bindPorts, cancelTimer, domainTransaction, setTimer, timersCollection, type Timer } from '@motcua/runtime';
import type { CollectionSpec, Filter, ServiceStore, Tx } from '@motcua/storage';
import type { Lane, WebhookDelivery, WebhookSubscription } from '../domain/status-webhook.entity';
import type { RunWebhookTransaction, WebhookTransaction } from '../domain/status-webhooks.ports';

export const webhookSubscriptionsCollection: CollectionSpec = {
  name: 'webhook_subscriptions',
  indexes: [{ fields: ['integratorId', 'createdAt'] }, { fields: ['state', 'createdAt'] }],
};

export const webhookDeliveriesCollection: CollectionSpec = {
  name: 'webhook_deliveries',
  indexes: [
    // What makes a status change one delivery per subscription, whatever re-runs.
    { fields: ['key'], unique: true },
    { fields: ['subscriptionId', 'dossierId', 'status', 'seq'] },
    { fields: ['subscriptionId', 'status', 'seq'] },
    { fields: ['subscriptionId', 'seq'] },
  ],
};

export const statusWebhookCollections = [webhookSubscriptionsCollection, webhookDeliveriesCollection];

/** The durable timer kind of a lane; one timer per (subscription, dossier). */
export const WEBHOOK_LANE_TIMER = 'tracking.webhook-lane';
const DELIVERY_SEQUENCE = 'webhook-deliveries';

export const laneTimerId = (lane: Lane): string => `${WEBHOOK_LANE_TIMER}:${lane.subscriptionId}:${lane.dossierId}`;

export function laneOfTimer(timer: Pick<Timer, 'payload'>): Lane {
  return { subscriptionId: String(timer.payload['subscriptionId']), dossierId: String(timer.payload['dossierId']) };
}

const oldestFirst: { field: string; direction: 'asc' }[] = [{ field: 'seq', direction: 'asc' }];

const ports = (tx: Tx): WebhookTransaction => {
  const subscriptions = tx.collection<WebhookSubscription>(webhookSubscriptionsCollection);
  const deliveries = tx.collection<WebhookDelivery>(webhookDeliveriesCollection);
  const timers = tx.collection<Timer>(timersCollection);
  const laneTimer = (lane: Lane, dueAt: string): Timer => ({ id: laneTimerId(lane), kind: WEBHOOK_LANE_TIMER, dueAt, payload: { ...lane } });
  return {
    subscriptions: {
      get: (id) => subscriptions.get(id),
      all: () => subscriptions.find({}),
      page: async ({ integratorId, state }, limit, offset) => {
        const filter: Filter = { ...(integratorId !== undefined ? { integratorId } : {}), ...(state !== undefined ? { state } : {}) };
        const [items, total] = await Promise.all([subscriptions.find(filter, { sort: [{ field: 'createdAt', direction: 'asc' }], limit, offset }), subscriptions.count(filter)]);
        return { items, total };
      },
      countFor: (integratorId) => subscriptions.count({ integratorId }),
      insert: (subscription) => subscriptions.insert(subscription),
      save: (subscription) => subscriptions.replace(subscription),
      delete: async (id) => {
        await subscriptions.delete(id);
      },
    },
    deliveries: {
      get: (id) => deliveries.get(id),
      findByKey: (key) => deliveries.findOne({ key }),
      insert: (delivery) => deliveries.insert(delivery),
      save: (delivery) => deliveries.replace(delivery),
      headOf: async ({ subscriptionId, dossierId }) => (await deliveries.find({ subscriptionId, dossierId, status: 'pending' }, { sort: oldestFirst, limit: 1 }))[0],
      pendingDossiers: async (subscriptionId) => [...new Set((await deliveries.find({ subscriptionId, status: 'pending' }, { sort: oldestFirst })).map((d) => d.dossierId))],
      page: async (subscriptionId, status, limit, offset) => {
        const filter: Filter = { subscriptionId, ...(status !== undefined ? { status } : {}) };
        const [items, total] = await Promise.all([deliveries.find(filter, { sort: [{ field: 'seq', direction: 'desc' }], limit, offset }), deliveries.count(filter)]);
        return { items, total };
      },
      deleteFor: async (subscriptionId) => {
        const all = await deliveries.find({ subscriptionId });
        for (const delivery of all) await deliveries.delete(delivery.id);
        return all.length;
      },
    },
    lanes: {
      wakeAt: (lane, dueAt) => setTimer(tx, laneTimer(lane, dueAt)),
      wakeIfIdle: async (lane, dueAt) => {
        if (!(await timers.get(laneTimerId(lane)))) await setTimer(tx, laneTimer(lane, dueAt));
      },
      clear: (lane) => cancelTimer(tx, laneTimerId(lane)),
    },
    nextSeq: () => tx.nextSequence(DELIVERY_SEQUENCE),
  };
};

export const webhookTransaction = (store: ServiceStore): RunWebhookTransaction => domainTransaction(store, ports);

const readOnly = (): never => {
  throw new Error('a webhook read tried to write');
};

/** The same ports over committed data, outside any transaction: the API's reads do not queue behind the writer. */
export const webhookReads =
  (store: ServiceStore): RunWebhookTransaction =>
  (work) =>
    store.read((tx) => work(ports({ ...tx, publish: readOnly, markHandled: readOnly, nextSequence: readOnly })));
export const webhookPorts = (tx: Tx): WebhookTransaction => bindPorts(tx, ports);
