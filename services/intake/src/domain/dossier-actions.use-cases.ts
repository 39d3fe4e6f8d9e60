/**
 * What the citizen (at the counter or through the portal) does to a received dossier:
 * withdraw it, or hand in the supplement processing asked for. Each checks, before
 * writing anything: that the dossier exists, that an officer acts at their own centre,
 * then the lifecycle table for the role and the state. The change, its history entry
 * and its event commit together.
 */
import { applyAction, createEvent, type DocumentRef } from '@motcua/contracts';
import type { Dossier } from './dossier.entity';
import { actorRef, assertActsAt, type IntakeActor } from './intake.actor';
import { dossierNotFound } from './intake.errors';
import type { IntakeContext, IntakeTransaction, RunIntakeTransaction } from './intake.ports';

async function dossierFor(tx: IntakeTransaction, id: string, actor: IntakeActor): Promise<Dossier> {
  const dossier = (await tx.dossiers.get(id)) ?? (await tx.dossiers.findByCode(id));
  if (!dossier) throw dossierNotFound(id);
  assertActsAt(actor, dossier.centreId);
  return dossier;
}

const dossierRef = (dossier: Dossier, actor: IntakeActor) => ({ dossierId: dossier.id, dossierCode: dossier.code, centreId: dossier.centreId, actor: actorRef(actor) });

/** The citizen takes the dossier back; refused once it is closed (returned or already withdrawn). */
export function withdrawDossier(run: RunIntakeTransaction, ctx: IntakeContext, id: string, reason: string, actor: IntakeActor): Promise<Dossier> {
  return run(async (tx) => {
    const dossier = await dossierFor(tx, id, actor);
    const now = ctx.clock();
    const withdrawn: Dossier = {
      ...applyAction(dossier, 'withdraw', actor, now, { reason, traceparent: dossier.traceparent }),
      withdrawal: { reason, at: now.toISOString(), by: actorRef(actor) },
    };
    await tx.dossiers.replace(withdrawn);
    await tx.emit(
      createEvent({
        name: 'DossierWithdrawn',
        time: now,
        traceparent: dossier.traceparent,
        data: { ...dossierRef(dossier, actor), reason, withdrawnAt: now.toISOString() },
      }),
    );
    return withdrawn;
  });
}

/** The papers processing asked for are handed in: the dossier goes back to processing. Only while a supplement is requested. */
export function provideSupplement(run: RunIntakeTransaction, ctx: IntakeContext, id: string, documents: DocumentRef[], actor: IntakeActor): Promise<Dossier> {
  return run(async (tx) => {
    const dossier = await dossierFor(tx, id, actor);
    const now = ctx.clock();
    const resumed = applyAction(dossier, 'provideSupplement', actor, now, { traceparent: dossier.traceparent });
    const supplemented: Dossier = {
      ...resumed,
      supplements: [...(dossier.supplements ?? []), { documents, providedAt: now.toISOString(), providedBy: actorRef(actor) }],
    };
    await tx.dossiers.replace(supplemented);
    await tx.emit(
      createEvent({
        name: 'SupplementProvided',
        time: now,
        traceparent: dossier.traceparent,
        data: { ...dossierRef(dossier, actor), documents, providedAt: now.toISOString() },
      }),
    );
    return supplemented;
  });
}
