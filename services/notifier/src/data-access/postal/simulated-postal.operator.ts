/**
 * The postal operator simulator (embedded edition and tests): books every pickup at
 * once with a tracking code and pickup code derived from the pickup id — the same id
 * always gets the same codes, as a real operator's idempotency key would, with no
 * state to lose on a restart. Status updates are driven through
 * `POST /v1/postal/simulator/{trackingCode}/{status}`, which sends the signed callback
 * a real operator would.
 */
import { createHash } from 'node:crypto';
import type { PickupBooking, PickupConfirmation, PostalOperator } from '../../domain/postal.ports';
import { bookingRefused } from '../../domain/postal.ports';

/** A postal point code the simulator refuses to serve: how tests exercise a refused booking. */
export const SIMULATOR_REFUSED_POINT = 'SIM-REFUSE';

export class SimulatedPostalOperator implements PostalOperator {
  readonly name = 'simulator';
  readonly bookings: PickupBooking[] = [];

  async bookPickup(booking: PickupBooking): Promise<PickupConfirmation> {
    if (booking.to.kind === 'postal_point' && booking.to.postalPointCode === SIMULATOR_REFUSED_POINT) throw bookingRefused(`the simulator does not serve ${SIMULATOR_REFUSED_POINT}`);
    this.bookings.push(booking);
    const digest = createHash('sha256').update(booking.pickupId).digest();
    const digits = (n: number, from: number) => String(digest.readUInt32BE(from) % 10 ** n).padStart(n, '0');
    // Shaped like a Vietnam Post item number (two letters, nine digits, VN).
    return { trackingCode: `SM${digits(9, 0)}VN`, pickupCode: digits(6, 4) };
  }
}
