/**
 * What the postal part of the notifier needs from the outside: the postal operator
 * and its transaction (pickups, plus the notification rows it queues for the citizen).
 */
import { AppError } from '@motcua/errors';
import type { Emitter } from '@motcua/contracts';
import type { Contact, Notification } from './notification.entity';
import type { PostalPickup } from './postal-pickup.entity';

export interface PickupPlace {
  name: string;
  address?: string | undefined;
}

export interface PickupBooking {
  /** The idempotency key: the same id books the same pickup, however often it is sent. */
  pickupId: string;
  dossierCode: string;
  /** Where the operator collects the sealed result: the centre's main counter. */
  from: PickupPlace & { centreId: string };
  to: ({ kind: 'postal_point'; postalPointCode: string } & PickupPlace) | { kind: 'home'; address: string };
  recipient: { phone: string };
}

export interface PickupConfirmation {
  trackingCode: string;
  /** Shown by the citizen at the postal point. */
  pickupCode: string;
}

/** The postal operator port. Adapters: HTTP (the operator's API) and the simulator. */
export interface PostalOperator {
  readonly name: string;
  bookPickup(booking: PickupBooking): Promise<PickupConfirmation>;
}

export const PostalErrors = {
  /** The operator refused this booking (an address it does not serve…): asking again would fail the same way. */
  BOOKING_REFUSED: 'NOTIFIER.POSTAL_BOOKING_REFUSED',
  /** Not reached, 5xx, timeout: the booking is idempotent, so it is simply asked again. */
  OPERATOR_UNAVAILABLE: 'NOTIFIER.POSTAL_OPERATOR_UNAVAILABLE',
  CALLBACK_UNAUTHORIZED: 'NOTIFIER.POSTAL_CALLBACK_UNAUTHORIZED',
} as const;

export const bookingRefused = (message: string): AppError => new AppError(PostalErrors.BOOKING_REFUSED, 'permanent', message);
export const operatorUnavailable = (message: string, cause?: unknown): AppError => new AppError(PostalErrors.OPERATOR_UNAVAILABLE, 'transient', message, { cause });

export interface PostalTransaction extends Emitter {
  pickups: {
    get(id: string): Promise<PostalPickup | undefined>;
    findByTrackingCode(trackingCode: string): Promise<PostalPickup | undefined>;
    findByDossier(dossierId: string): Promise<PostalPickup[]>;
    insert(pickup: PostalPickup): Promise<void>;
    save(pickup: PostalPickup): Promise<void>;
    /** A durable timer that brings the pickup back for a booking call at `dueAt`. */
    scheduleBooking(pickupId: string, dueAt: string): Promise<void>;
  };
  notifications: {
    findByKey(key: string): Promise<Notification | undefined>;
    insert(notification: Notification): Promise<void>;
  };
  contacts: { get(dossierId: string): Promise<Contact | undefined> };
}

export type RunPostalTransaction = <T>(work: (tx: PostalTransaction) => Promise<T>) => Promise<T>;
