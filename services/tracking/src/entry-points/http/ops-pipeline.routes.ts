/**
 * `GET /v1/ops/pipeline`: consumer lag and dead letters per consumer group, outbox
 * backlog per service, and when they were read (see domain/ops-pipeline.use-case.ts).
 * Counts only, nothing about any dossier: open like `/metrics`.
 */
import { Router } from 'express';
import { readPipeline, type PipelineDeps } from '../../domain/ops-pipeline.use-case';

export function opsPipelineRoutes(deps: PipelineDeps): Router {
  const router = Router();
  router.get('/v1/ops/pipeline', async (_req, res) => {
    res.set('cache-control', 'no-store').json(await readPipeline(deps));
  });
  return router;
}
