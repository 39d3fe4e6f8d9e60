/** The postal pickups collection and the postal transaction port over the storage unit of work. */
import { bindPorts, domainTransaction, setTimer } from '@motcua/runtime';
import type { CollectionSpec, ServiceStore, Tx } from '@motcua/storage';
import type { Contact, Notification } from '../../domain/notification.entity';
import type { PostalTransaction, RunPostalTransaction } from '../../domain/postal.ports';
import type { PostalPickup } from '../../domain/postal-pickup.entity';

export const pickupsCollection: CollectionSpec = { name: 'postal_pickups', indexes: [{ fields: ['trackingCode'] }, { fields: ['dossierId'] }, { fields: ['status'] }] };
/** Durable timer kind: the next booking call of one pickup. */
export const POSTAL_BOOKING_TIMER = 'notifier.postal-booking';

const ports = (tx: Tx): Omit<PostalTransaction, 'emit'> => {
  const pickups = tx.collection<PostalPickup>(pickupsCollection);
  const notifications = tx.collection<Notification>({ name: 'notifications' });
  const contacts = tx.collection<Contact>({ name: 'contacts' });
  return {
    pickups: {
      get: (id) => pickups.get(id),
      findByTrackingCode: (trackingCode) => pickups.findOne({ trackingCode }),
      findByDossier: (dossierId) => pickups.find({ dossierId }, { sort: [{ field: 'createdAt', direction: 'asc' }] }),
      insert: (p) => pickups.insert(p),
      save: (p) => pickups.replace(p),
      scheduleBooking: (pickupId, dueAt) => setTimer(tx, { id: `${POSTAL_BOOKING_TIMER}:${pickupId}`, kind: POSTAL_BOOKING_TIMER, dueAt, payload: { pickupId } }),
    },
    notifications: { findByKey: (key) => notifications.findOne({ key }), insert: (n) => notifications.insert(n) },
    contacts: { get: (id) => contacts.get(id) },
  };
};

export const postalTransaction = (store: ServiceStore): RunPostalTransaction => domainTransaction(store, ports);

export function findPickups(store: ServiceStore, dossierId: string): Promise<PostalPickup[]> {
  return store.read((tx) => tx.collection<PostalPickup>(pickupsCollection).find({ dossierId }, { sort: [{ field: 'createdAt', direction: 'asc' }] }));
}

export const postalPorts = (tx: Tx): PostalTransaction => bindPorts(tx, ports);
