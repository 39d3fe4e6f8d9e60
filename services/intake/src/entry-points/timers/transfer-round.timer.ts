/** The handler of the durable `transfer-round` timers (one per centre with satellite points, due at its next round time). */
import type { TimerHandler } from '@motcua/runtime';
import { intakePorts } from '../../data-access/intake.store';
import type { IntakeContext } from '../../domain/intake.ports';
import { roundTimerFired } from '../../domain/transfer-round.use-cases';

export function transferRoundTimerHandler(ctx: IntakeContext): TimerHandler {
  return async (tx, timer) => {
    const centreId = timer.payload['centreId'];
    if (typeof centreId !== 'string') throw new Error(`transfer-round timer ${timer.id} names no centre`);
    await roundTimerFired(intakePorts(tx), ctx, centreId);
  };
}
