/**
 * The dossier list's query, translated for the Store port. The port filters by
 * equality only, so the `dueBefore` range is answered from the sort order instead:
 * sorted by appointment, the views due before a time are one contiguous run, and a
 * binary search over positions finds where it ends — O(log n) one-row reads on the
 * (…, appointmentAt) indexes, with `total` and paging exact.
 *
 * A range filter in the Store port (e.g. `{ appointmentAt: { lt } }`) would turn this
 * into one count and one find, each a single index range scan, and would let
 * `dueBefore` combine with other sort orders.
 */
import type { Filter } from '@motcua/storage';
import type { DossierStatus } from '../domain/dossier-view.entity';

export interface DossierListQuery {
  centreId?: string;
  /** Any of these statuses; empty or absent means all. */
  statuses?: DossierStatus[];
  overdue?: boolean;
  /** ISO date-time: only dossiers with an appointment strictly before it. */
  dueBefore?: string;
  limit: number;
  offset: number;
}

/** The equality part of the query; `dueBefore` is not expressible here (see above). */
export function viewFilterFor(query: Omit<DossierListQuery, 'limit' | 'offset'>): Filter {
  const filter: Filter = {};
  if (query.centreId !== undefined) filter['centreId'] = query.centreId;
  const statuses = [...new Set(query.statuses ?? [])];
  if (statuses.length === 1) filter['status'] = statuses[0] as DossierStatus;
  else if (statuses.length > 1) filter['status'] = statuses;
  // flags.overdue is queried in place (dotted path), so views projected before this API existed match too.
  if (query.overdue !== undefined) filter['flags.overdue'] = query.overdue;
  return filter;
}

/**
 * The first position in [low, high) where `holdsAt` is true, or `high` if none;
 * `holdsAt` must be monotone over the range (false … false, true … true).
 */
export async function firstPositionWhere(low: number, high: number, holdsAt: (position: number) => Promise<boolean>): Promise<number> {
  let lo = low;
  let hi = high;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (await holdsAt(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
