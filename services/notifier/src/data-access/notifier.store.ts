/** Notifier's collections and the adapter from the storage unit of work to its transaction port. */
import { bindPorts, domainTransaction, setTimer } from '@motcua/runtime';
import type { CollectionSpec, Filter, ServiceStore, Tx } from '@motcua/storage';
import type { Contact, Notification } from '../domain/notification.entity';
import type { AwaitingContact, NotifierTransaction, RunNotifierTransaction } from '../domain/notifier.ports';
import type { CentreSendRate } from '../domain/send-rate.rules';
import { smsLogCollection } from './sms/log-sms.sender';

export const notificationsCollection: CollectionSpec = {
  name: 'notifications',
  indexes: [{ fields: ['key'], unique: true }, { fields: ['dossierId'] }, { fields: ['status'] }, { fields: ['status', 'sendingAt'] }, { fields: ['status', 'nextAttemptAt'] }],
};
/** One document per centre: its SMS token bucket and daily count, written in the unit of work that claims a message. */
export const sendRatesCollection: CollectionSpec = { name: 'sms_send_rates' };
/** Durable timer kinds: one per notification waiting for a retry or held by its centre's limits, and the recurring sweep. */
export const SMS_RETRY_TIMER = 'notifier.sms-retry';
export const SMS_SWEEP_TIMER = 'notifier.sms-sweep';

export const contactsCollection: CollectionSpec = { name: 'contacts' };
/** Citizen-facing events that came before their dossier's DossierReceived (see notify.use-cases.ts). */
export const awaitingContactCollection: CollectionSpec = { name: 'events_awaiting_contact', indexes: [{ fields: ['dossierId'] }] };
export const notifierCollections = [notificationsCollection, contactsCollection, smsLogCollection, sendRatesCollection, awaitingContactCollection];

const ports = (tx: Tx): Omit<NotifierTransaction, 'emit'> => {
  const notifications = tx.collection<Notification>(notificationsCollection);
  const contacts = tx.collection<Contact>(contactsCollection);
  const sendRates = tx.collection<CentreSendRate>(sendRatesCollection);
  const awaiting = tx.collection<AwaitingContact>(awaitingContactCollection);
  return {
    notifications: {
      get: (id) => notifications.get(id),
      findByKey: (key) => notifications.findOne({ key }),
      insert: (n) => notifications.insert(n),
      save: (n) => notifications.replace(n),
      findDue: (status, field, before, limit) =>
        notifications.find({ status, [field]: { lte: before }, ...(field === 'createdAt' ? { nextAttemptAt: null } : {}) }, { limit, sort: [{ field, direction: 'asc' }] }),
      scheduleRetry: (notificationId, dueAt) => setTimer(tx, { id: `${SMS_RETRY_TIMER}:${notificationId}`, kind: SMS_RETRY_TIMER, dueAt, payload: { notificationId } }),
    },
    contacts: { get: (id) => contacts.get(id), upsert: (c) => contacts.upsert(c) },
    sendRates: { get: (centreId) => sendRates.get(centreId), save: (rate) => sendRates.upsert(rate) },
    awaitingContact: {
      keep: (entry) => awaiting.upsert(entry),
      takeFor: async (dossierId) => {
        const entries = await awaiting.find({ dossierId }, { sort: [{ field: 'waitingSince', direction: 'asc' }] });
        for (const entry of entries) await awaiting.delete(entry.id);
        return entries;
      },
    },
  };
};

export const notifierTransaction = (store: ServiceStore): RunNotifierTransaction => domainTransaction(store, ports);
export const notifierPorts = (tx: Tx): NotifierTransaction => bindPorts(tx, ports);

export function findNotifications(
  store: ServiceStore,
  query: { dossierId?: string | undefined; centreId?: string | undefined; status?: Notification['status'] | undefined; limit: number; offset: number },
): Promise<Notification[]> {
  const filter: Filter = {};
  if (query.centreId) filter['centreId'] = query.centreId;
  if (query.dossierId) filter['dossierId'] = query.dossierId;
  if (query.status) filter['status'] = query.status;
  return store.read((tx) => tx.collection<Notification>(notificationsCollection).find(filter, { limit: query.limit, offset: query.offset, sort: [{ field: 'createdAt', direction: 'asc' }] }));
}
