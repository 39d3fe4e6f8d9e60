/**
 * The dossier list's query, translated for the Store port: equality on centre, status
 * and the overdue flag, and a range on the appointment for `dueBefore` — one count and
 * one find, each an index range scan on the (…, appointmentAt) indexes.
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

export function viewFilterFor(query: Omit<DossierListQuery, 'limit' | 'offset'>): Filter {
  const filter: Filter = {};
  if (query.centreId !== undefined) filter['centreId'] = query.centreId;
  const statuses = [...new Set(query.statuses ?? [])];
  if (statuses.length === 1) filter['status'] = statuses[0] as DossierStatus;
  else if (statuses.length > 1) filter['status'] = statuses;
  // flags.overdue is queried in place (dotted path), so views projected before this API existed match too.
  if (query.overdue !== undefined) filter['flags.overdue'] = query.overdue;
  // Appointments are stored as UTC ISO strings, so the bound is normalised to compare as text.
  if (query.dueBefore !== undefined) filter['appointmentAt'] = { lt: new Date(query.dueBefore).toISOString() };
  return filter;
}
