/**
 * Tracking's own series, read from the read model (and the bus) at each scrape, so
 * they are right after a restart, after a rebuild, and on every replica alike.
 */
import { MetricNames, type ServiceMetrics } from '@motcua/observability';
import type { ServiceStore } from '@motcua/storage';
import { dossiersByCentreAndStatus, overdueByCentre } from '../../data-access/read-model.figures';
import { pendingStatuses } from '../../domain/daily-briefing.rules';
import type { PipelineDeps } from '../../domain/ops-pipeline.use-case';

export function registerTrackingMetrics(metrics: ServiceMetrics, deps: { store: ServiceStore; pipeline: PipelineDeps }): void {
  const { store, pipeline } = deps;
  metrics.gaugeFrom(MetricNames.dossiers, 'Dossiers in the read model by centre and lifecycle state.', ['centre', 'state'], async () =>
    (await dossiersByCentreAndStatus(store)).map(({ centreId, status, count }) => ({ labels: { centre: centreId, state: status ?? '' }, value: count })),
  );
  metrics.gaugeFrom(MetricNames.dossiersOverdue, 'Dossiers past their appointment whose clock still runs (received, in transit, in processing, awaiting signature), by centre.', ['centre'], async () =>
    (await overdueByCentre(store, pendingStatuses)).map(({ centreId, count }) => ({ labels: { centre: centreId }, value: count })),
  );
  metrics.gaugeFrom(MetricNames.deadLettersPending, 'Dead letters of a consumer group nobody has replayed or discarded yet (tracking reads every group).', ['consumer_group'], async () => {
    const samples = [];
    for (const { group } of pipeline.groups) {
      const [total, handled] = await Promise.all([pipeline.deadLetters(group), pipeline.handledDeadLetters(group)]);
      samples.push({ labels: { consumer_group: group }, value: Math.max(0, total - handled) });
    }
    return samples;
  });
}
