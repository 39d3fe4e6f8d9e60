/** The catalogue's names for what the read model holds as ids: centres, reception points, officers. */
import { findCentre, findOfficer, findReceptionPoint, type Catalogue } from '@motcua/catalogue';
import type { SlipNames } from '../domain/tracking-slip.builder';

export function catalogueNames(catalogue: Catalogue): SlipNames {
  return {
    centreName: (centreId) => findCentre(catalogue, centreId)?.name,
    receptionPointName: (centreId, pointId) => findReceptionPoint(catalogue, centreId, pointId)?.name,
    officerName: (officerId) => findOfficer(catalogue, officerId)?.name,
  };
}
