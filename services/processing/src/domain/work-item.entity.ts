/**
 * A dossier's work item at the processing desk, and the typed table of what may
 * happen to it in which state: an action outside the table is refused and changes nothing.
 */
import type { ResultDraft, ReturnChannel, Role } from '@motcua/contracts';
import { AppError } from '@motcua/errors';

export type WorkItemStatus = 'OPEN' | 'AWAITING_SIGNATURE' | 'REJECTED' | 'DONE';

export interface HistoryEntry {
  action: WorkItemAction;
  at: string;
  role: Role;
  actorId?: string;
}

export interface WorkItem {
  id: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  procedureCode: string;
  status: WorkItemStatus;
  returnChannel: ReturnChannel;
  receivedAt: string;
  appointmentAt: string;
  result?: ResultDraft;
  rejectionReason?: string;
  createdAt: string;
  updatedAt: string;
  traceparent?: string;
  history: HistoryEntry[];
}

export const transitions = {
  approve: { from: ['OPEN'], to: 'AWAITING_SIGNATURE', roles: ['specialist', 'leader'] },
  reject: { from: ['OPEN'], to: 'REJECTED', roles: ['specialist', 'leader'] },
  signed: { from: ['AWAITING_SIGNATURE'], to: 'DONE', roles: ['system'] },
  signatureDeclined: { from: ['AWAITING_SIGNATURE'], to: 'OPEN', roles: ['system'] },
} as const satisfies Record<string, { from: readonly WorkItemStatus[]; to: WorkItemStatus; roles: readonly Role[] }>;

export type WorkItemAction = keyof typeof transitions;

export const ProcessingErrors = {
  INVALID_TRANSITION: 'PROCESSING.INVALID_TRANSITION',
  ROLE_NOT_ALLOWED: 'PROCESSING.ROLE_NOT_ALLOWED',
  WORK_ITEM_NOT_FOUND: 'PROCESSING.WORK_ITEM_NOT_FOUND',
} as const;

/** Applies `action` or throws; returns the item in its new state with the step in its history. */
export function transition(item: WorkItem, action: WorkItemAction, actor: { role: Role; id?: string | undefined }, at: Date): WorkItem {
  const rule = transitions[action];
  if (!(rule.roles as readonly Role[]).includes(actor.role)) {
    throw new AppError(ProcessingErrors.ROLE_NOT_ALLOWED, 'forbidden', `role ${actor.role} may not ${action} a work item`);
  }
  if (!(rule.from as readonly WorkItemStatus[]).includes(item.status)) {
    throw new AppError(ProcessingErrors.INVALID_TRANSITION, 'conflict', `cannot ${action} work item ${item.id} in status ${item.status}`, {
      details: { status: item.status, action },
    });
  }
  return {
    ...item,
    status: rule.to,
    updatedAt: at.toISOString(),
    history: [...item.history, { action, at: at.toISOString(), role: actor.role, ...(actor.id ? { actorId: actor.id } : {}) }],
  };
}
