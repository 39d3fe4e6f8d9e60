/**
 * The processing desk over HTTP: the centre's queue, one work item, and the officers'
 * actions on it. The acting officer is named by the `x-officer-id` header (the interim
 * identity until authentication); role and centre come from the officer's record.
 */
import type { Request } from 'express';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { assertSameCentre, officerFromHeader, officerHeaderDoc, OFFICER_HEADER, type Catalogue, type Officer } from '@motcua/catalogue';
import { DocumentRef, ResultDraft, ShortText, dossierStates } from '@motcua/contracts';
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

const officerOf = (catalogue: Catalogue, req: Request): Officer => officerFromHeader(catalogue, req.header(OFFICER_HEADER));

/** Reads need no identity yet (issue 7); an officer who names themselves sees their own centre's queue only, ops all of them. */
function readerOf(catalogue: Catalogue, req: Request): Officer | undefined {
  return req.header(OFFICER_HEADER) === undefined ? undefined : officerOf(catalogue, req);
}

const workItemAnswer = { description: 'the work item in its new state (the letters it issued are under /documents)' };

export function workItemRoutes(deps: WorkItemRouteDeps) {
  const api = apiRouter();
  const { catalogue } = deps.context;
  const run = deps.transaction;
  const reader = [officerHeaderDoc(false)];

  api.get({ path: '/v1/work-items', summary: 'The processing queue', headers: reader, query: WorkItemQuerySchema, responses: { 200: { description: '`items`, `total`, `limit`, `offset`' } } }, async ({ query, req, res }) => {
    const officer = readerOf(catalogue, req);
    if (officer && officer.role !== 'ops') {
      query.centreId ??= officer.centreId;
      assertSameCentre(officer, query.centreId);
    }
    const page = await findWorkItems(deps.store, query);
    res.json({ items: page.items, total: page.total, limit: query.limit, offset: query.offset });
  });

  api.get({ path: '/v1/work-items/:id', summary: 'One work item', headers: reader, responses: { 200: { description: 'the work item' } } }, async ({ params, req, res }) => {
    const item = await getWorkItem(deps.store, params.id);
    if (!item) throw workItemNotFound(params.id);
    const officer = readerOf(catalogue, req);
    if (officer) assertSameCentre(officer, item.centreId);
    res.json(item);
  });

  /** Every action is an officer's, answers 200 with the work item in its new state. */
  const action = <B extends TSchema>(path: string, summary: string, body: B, perform: (id: string, body: Static<B>, officer: Officer) => Promise<WorkItem>) =>
    api.post({ path: `/v1/work-items/:id/${path}`, summary, headers: [officerHeaderDoc(true)], body, responses: { 200: workItemAnswer } }, async ({ params, body: parsed, req, res }) => {
      res.json(await perform((params as { id: string }).id, parsed as Static<B>, officerOf(catalogue, req)));
    });

  action('claim', 'Claim the work item (specialist)', ClaimBody, (id, _body, officer) => claimWorkItem(run, deps.context, id, officer));
  action('reassign', 'Give the work item to another specialist (leader)', ReassignBody, (id, body, officer) => reassignWorkItem(run, deps.context, id, body, officer));
  action('supplement-requests', 'Ask the citizen for missing or corrected documents (stops the clock)', SupplementRequestBody, (id, body, officer) =>
    requestSupplement(run, deps.context, id, body, officer),
  );
  action('approve', 'Approve with the result draft, to be signed', ApproveBody, (id, body, officer) => approveWorkItem(run, deps.context, id, body.result, officer));
  action('reject', 'Reject the dossier with a reason', RejectBody, (id, body, officer) => rejectWorkItem(run, deps.context, id, body.reason, officer));
  action('extensions', 'Extend the appointment (apology letter with the new time)', ExtensionBody, (id, body, officer) => extendWorkItem(run, deps.context, id, body, officer));
  return api.router;
}
