/**
 * The postal operator's booking API over HTTP: `POST <url>/pickups` with the API key
 * as a bearer token and the pickup id as `Idempotency-Key`, answering
 * `{ trackingCode, pickupCode }`. A 4xx other than 408/429 is a refusal; anything
 * else that is not a 2xx (or no answer) is retried — safe, since the key makes the
 * booking idempotent.
 */
import type { PickupBooking, PickupConfirmation, PostalOperator } from '../../domain/postal.ports';
import { bookingRefused, operatorUnavailable } from '../../domain/postal.ports';

export interface HttpPostalOptions {
  url: string;
  apiKey: string;
  /** Where the operator sends status callbacks: our `/v1/postal/callbacks`. */
  callbackUrl?: string | undefined;
  timeoutMs: number;
}

export class HttpPostalOperator implements PostalOperator {
  readonly name = 'http';

  constructor(private readonly options: HttpPostalOptions) {}

  async bookPickup(booking: PickupBooking): Promise<PickupConfirmation> {
    let response: Response;
    try {
      response = await fetch(`${this.options.url.replace(/\/+$/, '')}/pickups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.apiKey}`, 'idempotency-key': booking.pickupId },
        body: JSON.stringify({ ...booking, ...(this.options.callbackUrl ? { callbackUrl: this.options.callbackUrl } : {}) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw operatorUnavailable(`postal operator not reached: ${(error as Error).message}`, error);
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      throw bookingRefused(`postal operator refused the booking: HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    if (!response.ok) throw operatorUnavailable(`postal operator answered HTTP ${response.status}`);
    let body: Partial<PickupConfirmation>;
    try {
      body = JSON.parse(text) as Partial<PickupConfirmation>;
    } catch {
      throw operatorUnavailable('postal operator answered something other than JSON');
    }
    const { trackingCode, pickupCode } = body;
    if (typeof trackingCode !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(trackingCode) || typeof pickupCode !== 'string' || pickupCode.length === 0) {
      throw operatorUnavailable('postal operator answered without a usable trackingCode and pickupCode');
    }
    return { trackingCode, pickupCode };
  }
}
