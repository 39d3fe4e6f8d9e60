/** Events and names the messaging tests build: valid DossierArrived envelopes, and names unique per test. */
import { randomBytes } from 'node:crypto';
import { createEvent, type EventEnvelope } from '@motcua/contracts';

/** Lower-case, so it is valid in topic and consumer group names. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function dossierArrived(dossierId: string, options: { traceparent?: string; code?: string } = {}): EventEnvelope {
  return createEvent({
    name: 'DossierArrived',
    data: {
      dossierId,
      dossierCode: options.code ?? `HS-${dossierId}`,
      centreId: 'centre-1',
      receptionPointId: 'rp-1',
      arrivedAt: new Date().toISOString(),
    },
    traceparent: options.traceparent,
  });
}
