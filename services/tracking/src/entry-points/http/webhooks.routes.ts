/**
 * Integrators' status-webhook subscriptions and their delivery logs.
 *
 * An integrator manages its own subscriptions with an API key holding
 * `webhooks:manage`: the key says which integrator it is, and a subscription reaches
 * only the centres the key does. Ops officers list every integrator's subscriptions
 * (the paused ones first of all).
 */
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { AppError } from '@motcua/errors';
import { AuthErrors, type Access, type Principal } from '@motcua/auth';
import type { Catalogue } from '@motcua/catalogue';
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

const IntegratorId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', maxLength: 64, description: 'for ops: one integrator\'s subscriptions only' });
const Url = Type.String({ pattern: '^[hH][tT][tT][pP][sS]?://', format: 'uri', maxLength: 2000 });
const Secret = Type.String({ pattern: '^[\\x21-\\x7e]{24,200}$', maxLength: 200, description: 'printable ASCII, 24 to 200 characters; generated when absent' });
const Statuses = Type.Array(Type.Union(dossierStatuses.map((status) => Type.Literal(status))), { maxItems: dossierStatuses.length, uniqueItems: true });
const CentreIds = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100, uniqueItems: true });
const Description = Type.String({ maxLength: 200 });
const SubscriptionId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' }) }, { additionalProperties: false });
const Paging = { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }) };

export const CreateSubscriptionSchema = Type.Object(
  { url: Url, secret: Type.Optional(Secret), description: Type.Optional(Description), statuses: Type.Optional(Statuses), centreIds: Type.Optional(CentreIds) },
  { additionalProperties: false },
);
export const ChangeSubscriptionSchema = Type.Object(
  {
    state: Type.Optional(Type.Union(subscriptionStates.map((state) => Type.Literal(state)))),
    url: Type.Optional(Url),
    description: Type.Optional(Description),
    statuses: Type.Optional(Statuses),
    centreIds: Type.Optional(CentreIds),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const ListSubscriptionsQuerySchema = Type.Object(
  { integratorId: Type.Optional(IntegratorId), state: Type.Optional(Type.Union(subscriptionStates.map((state) => Type.Literal(state)))), ...Paging },
  { additionalProperties: false },
);
export const DeliveryLogQuerySchema = Type.Object(
  { status: Type.Optional(Type.Union(deliveryStatuses.map((status) => Type.Literal(status)))), ...Paging },
  { additionalProperties: false },
);

/** Integrators manage their own subscriptions; ops list everyone's. */
const managers: Access = { integrators: 'webhooks:manage' };

/** The integrator the API key stands for (the routes' access admits no one else). */
function integratorOf(principal: Principal): IntegratorIdentity {
  if (principal.kind !== 'integrator') throw new AppError(AuthErrors.OPERATION_NOT_ALLOWED, 'forbidden', 'subscriptions belong to an integrator: use its API key');
  return { integratorId: principal.integratorId };
}

/** The centres a subscription follows: within the key's (all of the key's when none are named). */
function centresWithinKey(principal: Principal, asked: string[] | undefined): string[] | undefined {
  if (principal.kind !== 'integrator' || principal.centres === 'all') return asked;
  const allowed = principal.centres;
  if (asked === undefined) return [...allowed];
  const outside = asked.filter((centre) => !allowed.includes(centre));
  if (outside.length > 0) {
    throw new AppError(AuthErrors.WRONG_CENTRE, 'forbidden', `this API key is not scoped to ${outside.join(', ')}`, { fields: [{ path: '/centreIds', message: `within ${allowed.join(', ')}` }] });
  }
  return asked;
}

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
    { path: '/v1/webhooks/subscriptions', summary: 'Subscribe to status changes (URL, secret, statuses, centres)', access: managers, body: CreateSubscriptionSchema, responses: { 201: { description: 'the subscription, with its secret' } } },
    async ({ body: { centreIds, ...input }, principal, res }) => {
      const centres = centresWithinKey(principal, centreIds);
      res.status(201).json(await createSubscription(useCases, integratorOf(principal), { ...input, ...(centres ? { centreIds: centres } : {}) }));
    },
  );
  api.get(
    {
      path: '/v1/webhooks/subscriptions',
      summary: 'An integrator\'s subscriptions; every integrator\'s for ops',
      access: { ...managers, officers: ['ops'] },
      query: ListSubscriptionsQuerySchema,
      responses: { 200: { description: '`items`, `total`, `limit`, `offset`' } },
    },
    async ({ query, principal, res }) => {
      // An integrator sees its own; ops everyone's, or one integrator's with `integratorId`.
      const who = principal.kind === 'integrator' ? integratorOf(principal) : query.integratorId === undefined ? undefined : { integratorId: query.integratorId };
      if (principal.kind === 'integrator' && query.integratorId !== undefined && query.integratorId !== principal.integratorId) {
        throw new AppError(AuthErrors.OPERATION_NOT_ALLOWED, 'forbidden', 'an API key lists its own integrator\'s subscriptions only');
      }
      const page = await listSubscriptions(useCases, who, query);
      res.json({ ...page, limit: query.limit, offset: query.offset });
    },
  );
  api.get({ path: '/v1/webhooks/subscriptions/:id', summary: 'One subscription', access: managers, params: SubscriptionId, responses: { 200: subscription } }, async ({ params, principal, res }) => {
    res.json(await getSubscription(useCases, integratorOf(principal), params.id));
  });
  api.patch(
    { path: '/v1/webhooks/subscriptions/:id', summary: 'Pause, resume or change a subscription', access: managers, params: SubscriptionId, body: ChangeSubscriptionSchema, responses: { 200: subscription } },
    async ({ params, body: { centreIds, ...change }, principal, res }) => {
      const centres = centreIds === undefined ? undefined : centresWithinKey(principal, centreIds);
      res.json(await changeSubscription(useCases, integratorOf(principal), params.id, { ...change, ...(centres ? { centreIds: centres } : {}) }));
    },
  );
  api.delete({ path: '/v1/webhooks/subscriptions/:id', summary: 'Delete a subscription', access: managers, params: SubscriptionId, responses: { 200: subscription } }, async ({ params, principal, res }) => {
    res.json(await deleteSubscription(useCases, integratorOf(principal), params.id));
  });
  api.get(
    { path: '/v1/webhooks/subscriptions/:id/deliveries', summary: 'A subscription\'s delivery log', access: managers, params: SubscriptionId, query: DeliveryLogQuerySchema, responses: { 200: { description: '`items` (each with its payload), `total`, `limit`, `offset`' } } },
    async ({ params, query, principal, res }) => {
      const page = await deliveryLog(useCases, integratorOf(principal), params.id, query);
      res.json({ items: page.items.map(deliveryView), total: page.total, limit: query.limit, offset: query.offset });
    },
  );
  return api.router;
}
