/**
 * Notifications by centre and outcome (their status: sent, delivered, the failures,
 * suppressed, and those still on their way), and the events waiting for their
 * dossier's contact, counted in the notifier's store at each scrape: right after a
 * restart and on every replica.
 */
import { MetricNames, type ServiceMetrics } from '@motcua/observability';
import type { ServiceStore } from '@motcua/storage';
import { awaitingContactCollection, notificationsCollection } from '../../data-access/notifier.store';

export function registerNotifierMetrics(metrics: ServiceMetrics, store: ServiceStore): void {
  metrics.gaugeFrom(MetricNames.notifications, 'Notifications (SMS) by centre and outcome: the status each one is in now.', ['centre', 'outcome'], async () => {
    const groups = await store.read((tx) => tx.collection(notificationsCollection).countBy(['centreId', 'status']));
    return groups.map(({ values: [centre, outcome], count }) => ({ labels: { centre: String(centre), outcome: String(outcome) }, value: count }));
  });
  metrics.gaugeFrom(
    MetricNames.eventsAwaitingContact,
    'Citizen-facing events kept until their dossier’s DossierReceived brings the phone, by centre and event type. Normally 0; one that stays is a dossier whose reception never reached the notifier.',
    ['centre', 'type'],
    async () => {
      const groups = await store.read((tx) => tx.collection(awaitingContactCollection).countBy(['envelope.data.centreId', 'envelope.type']));
      return groups.map(({ values: [centre, type], count }) => ({ labels: { centre: String(centre ?? 'unknown'), type: String(type) }, value: count }));
    },
  );
}
