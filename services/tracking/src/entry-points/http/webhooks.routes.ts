/**
 * Integrators' status-webhook subscriptions and their delivery logs.
 *
 * Until integrators authenticate (issue 7, API keys), the caller names its
 * integrator in `integratorId` (body for POST and PATCH, query otherwise);
 * `integratorOf` is the one place that reads it, for an API key's integrator to
 * replace. Listing every integrator's subscriptions (paused ones, for ops) needs an
 * ops officer in `x-officer-id`.
 */
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { OFFICER_HEADER, officerFromHeader, officerHeaderDoc, type Catalogue } from '@motcua/catalogue';
import { AppError } from '@motcua/errors';
import { apiRouter, type Clock } from '@motcua/runtime';
import { dossierStatuses } from '../../domain/dossier-view.entity';
import { deliveryStatuses, subscriptionStates, type WebhookDelivery } from '../../domain/status-webhook.entity';
import type { RunWebhookTransaction } from '../../domain/status-webhooks.ports';
import {
  changeSubscription,
  createSubscription,
  deleteSubscription,
  deliveryLog,
  getSubscription,
  listSubscriptions,
  type IntegratorIdentity,
  type SubscriptionDeps,
} from '../../domain/webhook-subscriptions.use-cases';

export const WebhookRouteErrors = { OPS_ONLY: 'TRACKING.OPS_ONLY' } as const;

const IntegratorId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', maxLength: 64, description: 'the integrator (until API keys: named by the caller)' });
const Url = Type.String({ pattern: '^[hH][tT][tT][pP][sS]?://', format: 'uri', maxLength: 2000 });
const Secret = Type.String({ pattern: '^[\\x21-\\x7e]{24,200}$', maxLength: 200, description: 'printable ASCII, 24 to 200 characters; generated when absent' });
const Statuses = Type.Array(Type.Union(dossierStatuses.map((status) => Type.Literal(status))), { maxItems: dossierStatuses.length, uniqueItems: true });
const CentreIds = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100, uniqueItems: true });
const Description = Type.String({ maxLength: 200 });
const SubscriptionId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' }) }, { additionalProperties: false });
const Paging = { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }) };

export const CreateSubscriptionSchema = Type.Object(
  { integratorId: IntegratorId, url: Url, secret: Type.Optional(Secret), description: Type.Optional(Description), statuses: Type.Optional(Statuses), centreIds: Type.Optional(CentreIds) },
  { additionalProperties: false },
);
export const ChangeSubscriptionSchema = Type.Object(
  {
    integratorId: IntegratorId,
    state: Type.Optional(Type.Union(subscriptionStates.map((state) => Type.Literal(state)))),
    url: Type.Optional(Url),
    description: Type.Optional(Description),
    statuses: Type.Optional(Statuses),
    centreIds: Type.Optional(CentreIds),
  },
  { additionalProperties: false, minProperties: 2 },
);
export const IntegratorQuerySchema = Type.Object({ integratorId: IntegratorId }, { additionalProperties: false });
export const ListSubscriptionsQuerySchema = Type.Object(
  { integratorId: Type.Optional(IntegratorId), state: Type.Optional(Type.Union(subscriptionStates.map((state) => Type.Literal(state)))), ...Paging },
  { additionalProperties: false },
);
export const DeliveryLogQuerySchema = Type.Object(
  { integratorId: IntegratorId, status: Type.Optional(Type.Union(deliveryStatuses.map((status) => Type.Literal(status)))), ...Paging },
  { additionalProperties: false },
);

/** The integrator of the request: today a field, later the authenticated API key's integrator. */
const integratorOf = (fields: { integratorId: string }): IntegratorIdentity => ({ integratorId: fields.integratorId });

/** A delivery as its log shows it: the body as the JSON it was, without the internal claim. */
function deliveryView({ body, claimedUntil: _claim, key: _key, ...delivery }: WebhookDelivery): Record<string, unknown> {
  return { ...delivery, payload: JSON.parse(body) as unknown };
}

export interface WebhookRouteDeps {
  run: RunWebhookTransaction;
  read: RunWebhookTransaction;
  catalogue: Catalogue;
  clock: Clock;
}

export function webhookRoutes(deps: WebhookRouteDeps): Router {
  const api = apiRouter();
  const useCases: SubscriptionDeps = { run: deps.run, read: deps.read, clock: deps.clock, newId: randomUUID, centreIds: new Set(deps.catalogue.centres.map((centre) => centre.id)) };
  const subscription = { description: 'the subscription (its secret is shown only when it is created)' };

  api.post(
    { path: '/v1/webhooks/subscriptions', summary: 'Subscribe to status changes (URL, secret, statuses, centres)', body: CreateSubscriptionSchema, responses: { 201: { description: 'the subscription, with its secret' } } },
    async ({ body: { integratorId, ...input }, res }) => {
      res.status(201).json(await createSubscription(useCases, integratorOf({ integratorId }), input));
    },
  );
  api.get(
    {
      path: '/v1/webhooks/subscriptions',
      summary: 'An integrator\'s subscriptions; every integrator\'s for ops',
      headers: [officerHeaderDoc(false, 'an ops officer, required without integratorId')],
      query: ListSubscriptionsQuerySchema,
      responses: { 200: { description: '`items`, `total`, `limit`, `offset`' } },
    },
    async ({ query, req, res }) => {
      if (query.integratorId === undefined) {
        const officer = officerFromHeader(deps.catalogue, req.header(OFFICER_HEADER));
        if (officer.role !== 'ops') throw new AppError(WebhookRouteErrors.OPS_ONLY, 'forbidden', `officer ${officer.id} is a ${officer.role}: only ops list every integrator's subscriptions`);
      }
      const who = query.integratorId === undefined ? undefined : integratorOf({ integratorId: query.integratorId });
      const page = await listSubscriptions(useCases, who, query);
      res.json({ ...page, limit: query.limit, offset: query.offset });
    },
  );
  api.get({ path: '/v1/webhooks/subscriptions/:id', summary: 'One subscription', params: SubscriptionId, query: IntegratorQuerySchema, responses: { 200: subscription } }, async ({ params, query, res }) => {
    res.json(await getSubscription(useCases, integratorOf(query), params.id));
  });
  api.patch(
    { path: '/v1/webhooks/subscriptions/:id', summary: 'Pause, resume or change a subscription', params: SubscriptionId, body: ChangeSubscriptionSchema, responses: { 200: subscription } },
    async ({ params, body: { integratorId, ...change }, res }) => {
      res.json(await changeSubscription(useCases, integratorOf({ integratorId }), params.id, change));
    },
  );
  api.delete({ path: '/v1/webhooks/subscriptions/:id', summary: 'Delete a subscription', params: SubscriptionId, query: IntegratorQuerySchema, responses: { 200: subscription } }, async ({ params, query, res }) => {
    res.json(await deleteSubscription(useCases, integratorOf(query), params.id));
  });
  api.get(
    { path: '/v1/webhooks/subscriptions/:id/deliveries', summary: 'A subscription\'s delivery log', params: SubscriptionId, query: DeliveryLogQuerySchema, responses: { 200: { description: '`items` (each with its payload), `total`, `limit`, `offset`' } } },
    async ({ params, query: { integratorId, ...query }, res }) => {
      const page = await deliveryLog(useCases, integratorOf({ integratorId }), params.id, query);
      res.json({ items: page.items.map(deliveryView), total: page.total, limit: query.limit, offset: query.offset });
    },
  );
  return api.router;
}
