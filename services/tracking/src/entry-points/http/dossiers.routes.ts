/** Status and timeline of a dossier by its code. */
import { Router } from 'express';
import { notFound } from '@motcua/errors';
import type { ServiceStore } from '@motcua/storage';
import { findViewByCode } from '../../data-access/tracking.store';

export const TrackingErrors = { DOSSIER_NOT_FOUND: 'TRACKING.DOSSIER_NOT_FOUND' } as const;

export function trackingRoutes(store: ServiceStore): Router {
  const router = Router();
  const load = async (code: string) => {
    const view = await findViewByCode(store, code);
    if (!view) throw notFound(TrackingErrors.DOSSIER_NOT_FOUND, `no dossier with code ${code}`);
    return view;
  };
  router.get('/v1/dossiers/:code', async (req, res) => {
    const { timeline, ...view } = await load(req.params.code);
    res.json({ ...view, steps: timeline.length });
  });
  router.get('/v1/dossiers/:code/timeline', async (req, res) => {
    const view = await load(req.params.code);
    res.json({ dossierId: view.id, code: view.code, items: view.timeline });
  });
  return router;
}
