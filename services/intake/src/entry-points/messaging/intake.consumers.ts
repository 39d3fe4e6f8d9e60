/**
 * Events intake reacts to: processing's decisions (a supplement requested, a
 * rejection) and return's results (dispatched to a satellite point, returned). Each is
 * applied once (inbox) in the same transaction as its effect.
 */
import { Topics } from '@motcua/contracts';
import { handleOnce, type ConsumerSpec } from '@motcua/runtime';
import type { Logger } from '@motcua/observability';
import type { ServiceStore } from '@motcua/storage';
import { intakePorts } from '../../data-access/intake.store';
import { applyFact, type FactOutcome } from '../../domain/intake-facts.use-cases';
import type { IntakeContext } from '../../domain/intake.ports';

export const INTAKE_GROUP = 'intake';

export function intakeConsumers(store: ServiceStore, ctx: IntakeContext, logger: Logger): ConsumerSpec[] {
  return [
    {
      groupId: INTAKE_GROUP,
      topics: [Topics.processing, Topics.return],
      handle: async (event) => {
        let outcome = 'ignored' as FactOutcome;
        await handleOnce(store, INTAKE_GROUP, event, async (tx) => {
          outcome = await applyFact(intakePorts(tx), ctx, event.envelope);
        });
        if (outcome === 'applied') logger.debug({ type: event.envelope.type, dossierId: event.envelope.subject }, 'fact applied to the intake dossier');
      },
    },
  ];
}
