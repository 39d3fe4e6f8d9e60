/**
 * Who acts at intake: an officer (from their signed token: role and centre; they act
 * only at their own centre), an integrator (from their API key: the portal, acting at
 * the centres the key names), or the system itself (the forward of a main-counter dossier).
 */
import { AppError } from '@motcua/errors';
import { assertSameCentre, type Officer } from '@motcua/catalogue';
import type { Actor, HistoryActor, Role } from '@motcua/contracts';

export interface IntakeActor extends HistoryActor {
  role: Role;
  id?: string | undefined;
  /** Present when an officer acts: they act only at their own centre. */
  officer?: Officer | undefined;
  /** Present when an integrator acts: the centres its key reaches. */
  centres?: readonly string[] | 'all' | undefined;
}

export const systemActor: IntakeActor = { role: 'system' };

export function integratorActor(integratorId: string, centres: readonly string[] | 'all'): IntakeActor {
  return { role: 'integrator', id: integratorId, centres };
}

export function officerActor(officer: Officer): IntakeActor {
  return { role: officer.role, id: officer.id, officer };
}

/** The actor as events and records carry it. */
export function actorRef(actor: IntakeActor): Actor {
  return { role: actor.role, ...(actor.id ? { id: actor.id } : {}) };
}

/** Throws AUTH.WRONG_CENTRE (403) when an officer of another centre, or a key not scoped to it, acts on this centre's dossier. */
export function assertActsAt(actor: IntakeActor, centreId: string): void {
  if (actor.officer) assertSameCentre(actor.officer, centreId);
  if (actor.centres && actor.centres !== 'all' && !actor.centres.includes(centreId)) {
    throw new AppError('AUTH.WRONG_CENTRE', 'forbidden', `the API key of ${actor.id ?? 'this integrator'} is not scoped to ${centreId}`, { details: { centreId } });
  }
}
