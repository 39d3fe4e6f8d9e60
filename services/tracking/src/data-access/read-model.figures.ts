/** Counts over the read model for tracking's metrics, one grouped query each. */
import type { ServiceStore } from '@motcua/storage';
import type { DossierStatus } from '../domain/dossier-view.entity';
import { viewsIn } from './tracking.store';

export interface CentreCount {
  centreId: string;
  status?: string;
  count: number;
}

export async function dossiersByCentreAndStatus(store: ServiceStore): Promise<CentreCount[]> {
  const groups = await store.read((tx) => viewsIn(tx).countBy(['centreId', 'status']));
  return groups.map(({ values: [centreId, status], count }) => ({ centreId: String(centreId), status: String(status), count }));
}

/** Dossiers flagged overdue among those in `statuses`, per centre. */
export async function overdueByCentre(store: ServiceStore, statuses: readonly DossierStatus[]): Promise<CentreCount[]> {
  const groups = await store.read((tx) => viewsIn(tx).countBy(['centreId'], { 'flags.overdue': true, status: [...statuses] }));
  return groups.map(({ values: [centreId], count }) => ({ centreId: String(centreId), count }));
}
