/**
 * The processing desk over HTTP: the centre's queue, one work item, and the officers'
 * actions on it. The acting officer is named by the `x-officer-id` header (the interim
 * identity until authentication); role and centre come from the officer's record.
 */
import { Router, type Request } from 'express';
import { Type } from '@sinclair/typebox';
import { assertSameCentre, officerFromHeader, OFFICER_HEADER, type Catalogue, type Officer } from '@motcua/catalogue';
import { DocumentRef, ResultDraft, ShortText, dossierStates } from '@motcua/contracts';
import { AppError, ErrorCodes } from '@motcua/errors';
import { parseBody, parseQuery } from '@motcua/runtime';
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
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
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

export function workItemRoutes(deps: WorkItemRouteDeps): Router {
  const router = Router();
  const { catalogue } = deps.context;
  const run = deps.transaction;

  router.get('/v1/work-items', async (req, res) => {
    const query = parseQuery(WorkItemQuerySchema, req.query);
    const reader = readerOf(catalogue, req);
    if (reader && reader.role !== 'ops') {
      query.centreId ??= reader.centreId;
      assertSameCentre(reader, query.centreId);
    }
    const page = await findWorkItems(deps.store, query);
    res.json({ items: page.items, total: page.total, limit: query.limit, offset: query.offset });
  });

  router.get('/v1/work-items/:id', async (req, res) => {
    const item = await getWorkItem(deps.store, req.params.id);
    if (!item) throw workItemNotFound(req.params.id);
    const reader = readerOf(catalogue, req);
    if (reader) assertSameCentre(reader, item.centreId);
    res.json(item);
  });

  /** Every action answers 200 with the work item in its new state (the letters it issued are under /documents). */
  const action = (path: string, perform: (req: Request, officer: Officer) => Promise<WorkItem>) =>
    router.post(`/v1/work-items/:id/${path}`, async (req, res) => {
      res.json(await perform(req, officerOf(catalogue, req)));
    });

  action('claim', (req, officer) => {
    parseBody(ClaimBody, req.body);
    return claimWorkItem(run, deps.context, param(req), officer);
  });
  action('reassign', (req, officer) => reassignWorkItem(run, deps.context, param(req), parseBody(ReassignBody, req.body), officer));
  action('supplement-requests', (req, officer) => requestSupplement(run, deps.context, param(req), parseBody(SupplementRequestBody, req.body), officer));
  action('approve', (req, officer) => approveWorkItem(run, deps.context, param(req), parseBody(ApproveBody, req.body).result, officer));
  action('reject', (req, officer) => rejectWorkItem(run, deps.context, param(req), parseBody(RejectBody, req.body).reason, officer));
  action('extensions', (req, officer) => extendWorkItem(run, deps.context, param(req), parseBody(ExtensionBody, req.body), officer));
  return router;
}

function param(req: Request): string {
  const id = req.params['id'];
  if (typeof id !== 'string') throw new AppError(ErrorCodes.REQUEST_INVALID, 'validation', 'missing work item id');
  return id;
}
