/**
 * The dossier lifecycle of DESIGN.md §3 as one typed table: state × action × role →
 * next state. Every service that changes a dossier checks its action here before it
 * writes anything, so an action outside the table is refused the same way everywhere
 * and changes nothing.
 *
 * Each service keeps, on its own entity, the part of the state its actions depend on
 * (intake knows RECEIVED, IN_TRANSIT, SUPPLEMENT_REQUESTED and the final states;
 * processing knows the processing states; return knows RESULT_READY and RETURNED).
 * Tracking derives the whole picture from the events.
 */
import { AppError } from '@motcua/errors';
import type { Role } from './common.schema';
import type { EmittingService } from './topics';

export const dossierStates = [
  'RECEIVED',
  'IN_TRANSIT',
  'IN_PROCESSING',
  'SUPPLEMENT_REQUESTED',
  'AWAITING_SIGNATURE',
  'SIGNED',
  'RESULT_READY',
  'REJECTED',
  'RETURNED',
  'WITHDRAWN',
] as const;

export type DossierState = (typeof dossierStates)[number];

/** A dossier in one of these states is closed: nothing changes it any more. */
export const finalStates: readonly DossierState[] = ['RETURNED', 'WITHDRAWN'];

const open = dossierStates.filter((s) => !finalStates.includes(s));

interface TransitionRule {
  /** The service that performs the action and emits its event. */
  service: EmittingService;
  from: readonly DossierState[];
  /** `'unchanged'`: the action records a step (a flag, an assignment) without moving the state. */
  to: DossierState | 'unchanged';
  roles: readonly Role[];
}

export const lifecycleTransitions = {
  /** The courier takes a satellite point's dossiers on a transfer round. */
  dispatch: { service: 'intake', from: ['RECEIVED'], to: 'IN_TRANSIT', roles: ['courier'] },
  /** The round reaches the main centre: the dossier enters processing. */
  arrive: { service: 'intake', from: ['IN_TRANSIT'], to: 'IN_PROCESSING', roles: ['courier', 'reception'] },
  /** A dossier received at the main counter or from the portal goes straight to processing. */
  forward: { service: 'intake', from: ['RECEIVED'], to: 'IN_PROCESSING', roles: ['system'] },
  /** Automatic assignment, a specialist claiming the item, or a leader reassigning it. */
  assign: { service: 'processing', from: ['IN_PROCESSING', 'SUPPLEMENT_REQUESTED'], to: 'unchanged', roles: ['system'] },
  claim: { service: 'processing', from: ['IN_PROCESSING', 'SUPPLEMENT_REQUESTED'], to: 'unchanged', roles: ['specialist'] },
  reassign: { service: 'processing', from: ['IN_PROCESSING', 'SUPPLEMENT_REQUESTED'], to: 'unchanged', roles: ['leader'] },
  requestSupplement: { service: 'processing', from: ['IN_PROCESSING'], to: 'SUPPLEMENT_REQUESTED', roles: ['specialist', 'leader'] },
  provideSupplement: { service: 'intake', from: ['SUPPLEMENT_REQUESTED'], to: 'IN_PROCESSING', roles: ['reception', 'integrator', 'citizen'] },
  approve: { service: 'processing', from: ['IN_PROCESSING'], to: 'AWAITING_SIGNATURE', roles: ['specialist', 'leader'] },
  /** A supplement that never comes ends in a rejection, so both states allow it. */
  reject: { service: 'processing', from: ['IN_PROCESSING', 'SUPPLEMENT_REQUESTED'], to: 'REJECTED', roles: ['specialist', 'leader'] },
  /** The durable timer at the appointment; a paused clock (supplement) is never overdue. */
  flagOverdue: { service: 'processing', from: ['IN_PROCESSING', 'AWAITING_SIGNATURE'], to: 'unchanged', roles: ['system'] },
  /** Apology letter with a new appointment; the clock must be running. */
  extend: { service: 'processing', from: ['IN_PROCESSING', 'AWAITING_SIGNATURE'], to: 'unchanged', roles: ['specialist', 'leader'] },
  sign: { service: 'signing', from: ['AWAITING_SIGNATURE'], to: 'SIGNED', roles: ['leader'] },
  declineSignature: { service: 'signing', from: ['AWAITING_SIGNATURE'], to: 'IN_PROCESSING', roles: ['leader'] },
  /** The signed result reaches its pick-up place (at once, or after the return round to a satellite point). */
  markReady: { service: 'return', from: ['SIGNED'], to: 'RESULT_READY', roles: ['system'] },
  /** Counter handover, or the postal operator's delivery report. */
  handOver: { service: 'return', from: ['RESULT_READY', 'REJECTED'], to: 'RETURNED', roles: ['reception', 'system'] },
  withdraw: { service: 'intake', from: open, to: 'WITHDRAWN', roles: ['reception', 'integrator', 'citizen'] },
} as const satisfies Record<string, TransitionRule>;

export type LifecycleAction = keyof typeof lifecycleTransitions;
export const lifecycleActions = Object.keys(lifecycleTransitions) as LifecycleAction[];

export const LifecycleErrors = {
  INVALID_TRANSITION: 'LIFECYCLE.INVALID_TRANSITION',
  ROLE_NOT_ALLOWED: 'LIFECYCLE.ROLE_NOT_ALLOWED',
} as const;

export function allowedFrom(action: LifecycleAction): readonly DossierState[] {
  return lifecycleTransitions[action].from;
}

export function rolesFor(action: LifecycleAction): readonly Role[] {
  return lifecycleTransitions[action].roles;
}

/**
 * The state after `action`, or an AppError: ROLE_NOT_ALLOWED (403) when the role may
 * never do it, INVALID_TRANSITION (409) when the dossier is in the wrong state. The
 * role is checked first so a forbidden caller learns nothing about the state.
 */
export function nextState(state: DossierState, action: LifecycleAction, role: Role): DossierState {
  const rule: TransitionRule = lifecycleTransitions[action];
  if (!rule.roles.includes(role)) {
    throw new AppError(LifecycleErrors.ROLE_NOT_ALLOWED, 'forbidden', `role ${role} may not ${action} a dossier`, { details: { action, role } });
  }
  if (!rule.from.includes(state)) {
    throw new AppError(LifecycleErrors.INVALID_TRANSITION, 'conflict', `cannot ${action} a dossier in state ${state}`, { details: { action, state } });
  }
  return rule.to === 'unchanged' ? state : rule.to;
}

/** One step of a dossier's history. Appended, never rewritten. */
export interface HistoryEntry {
  action: LifecycleAction;
  from: DossierState;
  to: DossierState;
  at: string;
  role: Role;
  actorId?: string;
  centreId: string;
  traceId?: string;
  reason?: string;
}

export interface HistoryActor {
  role: Role;
  id?: string | undefined;
}

/** Anything that carries a lifecycle state and its history. */
export interface Tracked {
  state: DossierState;
  centreId: string;
  history: HistoryEntry[];
}

/** The trace id of a W3C traceparent (`00-<trace>-<span>-<flags>`). */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent?.split('-')[1];
}

/**
 * Applies `action` to `entity`: checks the table, moves the state and appends the
 * step to the history. Returns a new object; throws (changing nothing) when refused.
 */
export function applyAction<T extends Tracked>(
  entity: T,
  action: LifecycleAction,
  actor: HistoryActor,
  at: Date,
  details: { reason?: string | undefined; traceparent?: string | undefined } = {},
): T {
  const to = nextState(entity.state, action, actor.role);
  const traceId = traceIdOf(details.traceparent);
  const entry: HistoryEntry = {
    action,
    from: entity.state,
    to,
    at: at.toISOString(),
    role: actor.role,
    ...(actor.id ? { actorId: actor.id } : {}),
    centreId: entity.centreId,
    ...(traceId ? { traceId } : {}),
    ...(details.reason ? { reason: details.reason } : {}),
  };
  return { ...entity, state: to, history: [...entity.history, entry] };
}

/** The table as Markdown, for docs/lifecycle.md (a test keeps the document in step with the code). */
export function lifecycleTableMarkdown(): string {
  const rows = lifecycleActions.map((action) => {
    const rule: TransitionRule = lifecycleTransitions[action];
    const to = rule.to === 'unchanged' ? '(unchanged)' : rule.to;
    return `| \`${action}\` | ${rule.service} | ${rule.from.join(', ')} | ${to} | ${rule.roles.join(', ')} |`;
  });
  return ['| action | service | from | to | roles |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
