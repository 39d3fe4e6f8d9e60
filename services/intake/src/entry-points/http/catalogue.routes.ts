/** The reference data integrators and counters read: procedures, centres, reception points. */
import { Type } from '@sinclair/typebox';
import { findCentre, type Catalogue } from '@motcua/catalogue';
import { apiRouter } from '@motcua/runtime';
import { IntakeErrors, refused } from '../../domain/intake.errors';

export const ReceptionPointsQuery = Type.Object({ centreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });

/** Public information: what a citizen or the portal needs before submitting anything. */
const catalogueAccess = { public: 'the published procedures, centres and reception points; no personal data' } as const;

export function catalogueRoutes(catalogue: Catalogue) {
  const api = apiRouter();
  api.get({ path: '/v1/procedures', summary: 'The administrative procedures a dossier can be for', access: catalogueAccess, responses: { 200: { description: '`items`: code, name, deadline rule, documents, fee, return channels' } } }, ({ res }) => {
    res.json({ items: catalogue.procedures });
  });
  api.get({ path: '/v1/centres', summary: 'The centres with their reception points and courier rounds', access: catalogueAccess, responses: { 200: { description: '`items`, and `sample` when the list is sample data' } } }, ({ res }) => {
    res.json({ items: catalogue.centres, sample: catalogue.sampleCentres });
  });
  api.get(
    { path: '/v1/reception-points', summary: 'Reception points, of one centre or all', access: catalogueAccess, query: ReceptionPointsQuery, responses: { 200: { description: '`items`, each with its centre and, for a satellite point, its rounds' } } },
    ({ query, res }) => {
      const { centreId } = query;
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
    },
  );
  return api.router;
}
