/**
 * Who acts at intake: an officer named by the interim `x-officer-id` identity (role and
 * centre from the catalogue record), an integrator (portal calls, until issue 7 gives
 * them API keys), or the system itself (the forward of a main-counter dossier).
 */
import { assertSameCentre, type Officer } from '@motcua/catalogue';
import type { Actor, HistoryActor, Role } from '@motcua/contracts';

export interface IntakeActor extends HistoryActor {
  role: Role;
  id?: string | undefined;
  /** Present when an officer acts: they act only at their own centre (ops anywhere). */
  officer?: Officer | undefined;
}

export const integratorActor: IntakeActor = { role: 'integrator' };
export const systemActor: IntakeActor = { role: 'system' };

export function officerActor(officer: Officer): IntakeActor {
  return { role: officer.role, id: officer.id, officer };
}

/** The actor as events and records carry it. */
export function actorRef(actor: IntakeActor): Actor {
  return { role: actor.role, ...(actor.id ? { id: actor.id } : {}) };
}

/** Throws AUTH.WRONG_CENTRE (403) when an officer of another centre acts on this one's dossier. */
export function assertActsAt(actor: IntakeActor, centreId: string): void {
  if (actor.officer) assertSameCentre(actor.officer, centreId);
}
