/** The reference data integrators and counters read: procedures, centres, reception points. */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { findCentre, type Catalogue } from '@motcua/catalogue';
import { parseQuery } from '@motcua/runtime';
import { IntakeErrors, refused } from '../../domain/intake.errors';

export const ReceptionPointsQuery = Type.Object({ centreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });

export function catalogueRoutes(catalogue: Catalogue): Router {
  const router = Router();
  router.get('/v1/procedures', (_req, res) => {
    res.json({ items: catalogue.procedures });
  });
  router.get('/v1/centres', (_req, res) => {
    res.json({ items: catalogue.centres, sample: catalogue.sampleCentres });
  });
  router.get('/v1/reception-points', (req, res) => {
    const { centreId } = parseQuery(ReceptionPointsQuery, req.query);
    if (centreId && !findCentre(catalogue, centreId)) {
      throw refused(IntakeErrors.UNKNOWN_CENTRE, `unknown centre ${centreId}`, [{ path: 'query/centreId', message: 'unknown centre' }]);
    }
    const centres = centreId ? catalogue.centres.filter((c) => c.id === centreId) : catalogue.centres;
    res.json({
      items: centres.flatMap((centre) =>
        centre.receptionPoints.map((point) => ({
          ...point,
          centreId: centre.id,
          centreName: centre.name,
          // Satellite points are served by the centre's courier rounds; the main counter is where they go.
          transferRounds: point.kind === 'satellite' ? centre.transferRounds : [],
        })),
      ),
    });
  });
  return router;
}
