/**
 * The processing desk over HTTP: the centre's queue, one work item, and the officers'
 * actions on it. Officers only: the roles each action admits come from the lifecycle
 * table; an officer sees and acts on their own centre's items (ops see every centre's).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { anyOfficer, asOfficer, assertCentre, listCentreOf, officerRolesAmong, type Access } from '@motcua/auth';
import { officerFromToken, type Officer } from '@motcua/catalogue';
import { DocumentRef, lifecycleTransitions, ResultDraft, ShortText, dossierStates, type LifecycleAction } from '@motcua/contracts';
import { apiRouter, pageQuery } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { findWorkItems, getWorkItem } from '../../data-access/processing.store';
import { workItemNotFound } from '../../domain/processing.errors';
import type { ProcessingContext, RunProcessingTransaction } from '../../domain/processing.ports';
import {
  approveWorkItem,
  claimWorkItem,
  extendWorkItem,
  reassignWorkItem,
  rejectWorkItem,
  requestSupplement,
} from '../../domain/officer-actions.use-cases';
import type { WorkItem } from '../../domain/work-item.entity';

const IdParam = Type.String({ minLength: 1, maxLength: 64 });

export const WorkItemQuerySchema = Type.Object(
  {
    dossierId: Type.Optional(IdParam),
    centreId: Type.Optional(IdParam),
    assigneeId: Type.Optional(IdParam),
    state: Type.Optional(Type.Union(dossierStates.map((state) => Type.Literal(state)))),
    overdue: Type.Optional(Type.Boolean()),
    ...pageQuery(500),
  },
  { additionalProperties: false },
);
export const ClaimBody = Type.Object({}, { additionalProperties: false });
export const ReassignBody = Type.Object({ assigneeId: IdParam, reason: ShortText }, { additionalProperties: false });
export const SupplementRequestBody = Type.Object(
  {
    reason: ShortText,
    documents: Type.Array(Type.Object({ code: DocumentRef.properties.code, name: DocumentRef.properties.name }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 50,
    }),
  },
  { additionalProperties: false },
);
export const ApproveBody = Type.Object({ result: ResultDraft }, { additionalProperties: false });
export const RejectBody = Type.Object({ reason: ShortText }, { additionalProperties: false });
export const ExtensionBody = Type.Object({ reason: ShortText, newAppointmentAt: Type.String({ format: 'date-time', maxLength: 40 }) }, { additionalProperties: false });

export interface WorkItemRouteDeps {
  store: ServiceStore;
  transaction: RunProcessingTransaction;
  context: ProcessingContext;
}

/** Any officer reads the queue of their centre; ops read every centre's. */
export const workItemReaders: Access = { officers: anyOfficer };
/** An action admits the officer roles its lifecycle transition names. */
const actionAccess = (action: LifecycleAction): Access => ({ officers: officerRolesAmong(lifecycleTransitions[action].roles) });

const workItemAnswer = { description: 'the work item in its new state (the letters it issued are under /documents)' };

export function workItemRoutes(deps: WorkItemRouteDeps) {
  const api = apiRouter();
  const { catalogue } = deps.context;
  const run = deps.transaction;

  api.get({ path: '/v1/work-items', summary: 'The processing queue (of the officer\'s centre unless ops)', access: workItemReaders, query: WorkItemQuerySchema, responses: { 200: { description: '`items`, `total`, `limit`, `offset`' } } }, async ({ query, principal, res }) => {
    const centreId = listCentreOf(principal, query.centreId);
    const page = await findWorkItems(deps.store, { ...query, ...(centreId ? { centreId } : {}) });
    res.json({ items: page.items, total: page.total, limit: query.limit, offset: query.offset });
  });

  api.get({ path: '/v1/work-items/:id', summary: 'One work item', access: workItemReaders, responses: { 200: { description: 'the work item' } } }, async ({ params, principal, res }) => {
    const item = await getWorkItem(deps.store, params.id);
    if (!item) throw workItemNotFound(params.id);
    assertCentre(principal, item.centreId, 'read');
    res.json(item);
  });

  /** Every action is an officer's, answers 200 with the work item in its new state. */
  const action = <B extends TSchema>(path: string, transition: LifecycleAction, summary: string, body: B, perform: (id: string, body: Static<B>, officer: Officer) => Promise<WorkItem>) =>
    api.post({ path: `/v1/work-items/:id/${path}`, summary, access: actionAccess(transition), body, responses: { 200: workItemAnswer } }, async ({ params, body: parsed, principal, res }) => {
      res.json(await perform((params as { id: string }).id, parsed as Static<B>, officerFromToken(catalogue, asOfficer(principal))));
    });

  action('claim', 'claim', 'Claim the work item (specialist)', ClaimBody, (id, _body, officer) => claimWorkItem(run, deps.context, id, officer));
  action('reassign', 'reassign', 'Give the work item to another specialist (leader)', ReassignBody, (id, body, officer) => reassignWorkItem(run, deps.context, id, body, officer));
  action('supplement-requests', 'requestSupplement', 'Ask the citizen for missing or corrected documents (stops the clock)', SupplementRequestBody, (id, body, officer) =>
    requestSupplement(run, deps.context, id, body, officer),
  );
  action('approve', 'approve', 'Approve with the result draft, to be signed', ApproveBody, (id, body, officer) => approveWorkItem(run, deps.context, id, body.result, officer));
  action('reject', 'reject', 'Reject the dossier with a reason', RejectBody, (id, body, officer) => rejectWorkItem(run, deps.context, id, body.reason, officer));
  action('extensions', 'extend', 'Extend the appointment (apology letter with the new time)', ExtensionBody, (id, body, officer) => extendWorkItem(run, deps.context, id, body, officer));
  return api.router;
}
