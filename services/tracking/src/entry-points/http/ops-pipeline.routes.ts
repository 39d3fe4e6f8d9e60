/**
 * `GET /v1/ops/pipeline`: consumer lag and dead letters per consumer group, outbox
 * backlog per service, and when they were read (see domain/ops-pipeline.use-case.ts).
 * Counts only, nothing about any dossier; for ops officers (the console's dashboard).
 */
import type { Router } from 'express';
import { apiRouter } from '@motcua/runtime';
import { readPipeline, type PipelineDeps } from '../../domain/ops-pipeline.use-case';

export function opsPipelineRoutes(deps: PipelineDeps): Router {
  const api = apiRouter();
  api.get(
    { path: '/v1/ops/pipeline', summary: 'Consumer lag and dead letters per group, outbox backlog per service', access: { officers: ['ops'] }, responses: { 200: { description: '`consumerLag`, `deadLetters`, `outboxBacklog`, `readAt`, totals' } } },
    async ({ res }) => {
      res.set('cache-control', 'no-store').json(await readPipeline(deps));
    },
  );
  return api.router;
}
