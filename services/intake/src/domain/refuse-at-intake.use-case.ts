/**
 * Refusal at intake: the officer does not take the dossier in and says why (form 03).
 * Nothing is received, so there is no dossier, no dossier code and no event: the
 * refusal is the centre's own record, kept to print the slip and to answer later.
 */
import type { Applicant, DocumentRef } from '@motcua/contracts';
import { actorRef, assertActsAt, type IntakeActor } from './intake.actor';
import { roleNotAllowed } from './intake.errors';
import type { IntakeContext, RunIntakeTransaction } from './intake.ports';
import type { Refusal } from './refusal.entity';
import { resolveReception } from './submit-dossier.use-case';

export interface RefuseAtIntakeCommand {
  procedureCode: string;
  centreId: string;
  receptionPointId?: string | undefined;
  applicant: Applicant;
  documents: DocumentRef[];
  reason: string;
  actor: IntakeActor;
}

const REFUSING_ROLES = ['reception', 'integrator'];

export async function refuseAtIntake(run: RunIntakeTransaction, ctx: IntakeContext, command: RefuseAtIntakeCommand): Promise<Refusal> {
  const { actor } = command;
  if (!REFUSING_ROLES.includes(actor.role)) throw roleNotAllowed(actor.role, 'refuse a dossier at intake');
  assertActsAt(actor, command.centreId);
  const { procedure, centre, point } = resolveReception(ctx.catalogue, command);
  const refusal: Refusal = {
    id: ctx.newId(),
    centreId: centre.id,
    receptionPointId: point.id,
    procedureCode: procedure.code,
    applicant: command.applicant,
    documents: command.documents,
    reason: command.reason,
    refusedAt: ctx.clock().toISOString(),
    refusedBy: actorRef(actor),
  };
  await run((tx) => tx.refusals.insert(refusal));
  return refusal;
}
