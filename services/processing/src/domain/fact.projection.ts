/**
 * Actions other services performed (intake's arrival and supplement hand-in, a
 * withdrawal, the leader's signature) reach processing as events: facts the owning
 * service already checked against the lifecycle table. Processing applies them through
 * the same table so its history has the step, with the role the table expects when the
 * event does not carry one. A fact the table refuses here (an event about an item that
 * has already moved on) is logged and skipped: processing cannot undo another
 * service's decision, and dead-lettering it would fail the same way on every replay.
 */
import { LifecycleErrors, rolesFor, type Actor, type LifecycleAction } from '@motcua/contracts';
import { isAppError } from '@motcua/errors';
import type { ProcessingLog } from './processing.ports';
import { act, type WorkItem } from './work-item.entity';

export function applyFact(item: WorkItem, action: LifecycleAction, actor: Actor | undefined, at: Date, log: ProcessingLog, reason?: string): WorkItem | undefined {
  const allowed = rolesFor(action);
  const role = actor && allowed.includes(actor.role) ? actor.role : allowed[0];
  if (!role) return undefined;
  try {
    return act(item, action, { role, id: actor?.id }, at, reason);
  } catch (error) {
    if (isAppError(error) && error.code === LifecycleErrors.INVALID_TRANSITION) {
      log.warn({ workItemId: item.id, dossierId: item.dossierId, action, state: item.state }, `${action} does not apply to the work item in state ${item.state}: skipped`);
      return undefined;
    }
    throw error;
  }
}
