/**
 * An integrator's webhook subscriptions: create (the secret is shown once), list,
 * read, change (pause, resume, URL, filters), delete, and the delivery log.
 *
 * The integrator is named by the caller today (`integratorId`); every use case takes
 * it as an `IntegratorIdentity` so that the authenticated integrator of an API key
 * replaces it without touching the rules. A subscription of another integrator is
 * "not found", never "forbidden": its existence is not theirs to learn.
 */
import { conflict, notFound, validationError } from '@motcua/errors';
import type { DossierStatus } from './dossier-view.entity';
import type { DeliveryStatus, SubscriptionState, WebhookDelivery, WebhookSubscription } from './status-webhook.entity';
import type { Page, RunWebhookTransaction, WebhookTransaction } from './status-webhooks.ports';
import { newWebhookSecret } from './webhook-signature.rules';

export const WebhookSubscriptionErrors = {
  NOT_FOUND: 'TRACKING.WEBHOOK_SUBSCRIPTION_NOT_FOUND',
  LIMIT_REACHED: 'TRACKING.WEBHOOK_SUBSCRIPTION_LIMIT_REACHED',
  URL_INVALID: 'TRACKING.WEBHOOK_URL_INVALID',
  CENTRE_UNKNOWN: 'TRACKING.WEBHOOK_CENTRE_UNKNOWN',
} as const;

/** Subscriptions one integrator may hold: each status change is read against all of them. */
export const MAX_SUBSCRIPTIONS_PER_INTEGRATOR = 20;

/** Who is asking; today from the request, later from the integrator's API key. */
export interface IntegratorIdentity {
  integratorId: string;
}

export interface SubscriptionDeps {
  run: RunWebhookTransaction;
  /** Reads committed data only; nothing written through it. */
  read: RunWebhookTransaction;
  clock: () => Date;
  newId: () => string;
  /** The catalogue's centre ids, to refuse a filter that could never match. */
  centreIds: ReadonlySet<string>;
}

export interface SubscriptionInput {
  url: string;
  secret?: string | undefined;
  description?: string | undefined;
  statuses?: DossierStatus[] | undefined;
  centreIds?: string[] | undefined;
}

export interface SubscriptionChange {
  url?: string | undefined;
  description?: string | undefined;
  statuses?: DossierStatus[] | undefined;
  centreIds?: string[] | undefined;
  state?: SubscriptionState | undefined;
}

/** A subscription as it is shown: everything but the secret. */
export type SubscriptionView = Omit<WebhookSubscription, 'secret'>;

export const viewOf = ({ secret: _secret, ...rest }: WebhookSubscription): SubscriptionView => rest;

/**
 * http(s) only (the schema checks that much); no user and password in the URL, where
 * they would be shown back and logged; no fragment, which a server never sees.
 */
function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw validationError(WebhookSubscriptionErrors.URL_INVALID, 'url is not a valid URL', [{ path: 'body/url', message: 'not a valid URL' }]);
  }
  const problem =
    parsed.protocol !== 'http:' && parsed.protocol !== 'https:'
      ? 'must be http or https'
      : parsed.username || parsed.password
        ? 'must not carry a user or password; sign with the secret instead'
        : parsed.hash
          ? 'must not have a fragment'
          : undefined;
  if (problem) throw validationError(WebhookSubscriptionErrors.URL_INVALID, `url ${problem}`, [{ path: 'body/url', message: problem }]);
}

function checkCentres(deps: SubscriptionDeps, centreIds: string[] | undefined): void {
  const unknown = (centreIds ?? []).map((id, index) => ({ id, index })).filter(({ id }) => !deps.centreIds.has(id));
  if (unknown.length === 0) return;
  throw validationError(
    WebhookSubscriptionErrors.CENTRE_UNKNOWN,
    `unknown centre(s): ${unknown.map(({ id }) => id).join(', ')}`,
    unknown.map(({ index }) => ({ path: `body/centreIds/${index}`, message: 'not a centre of the catalogue' })),
  );
}

async function owned(tx: WebhookTransaction, who: IntegratorIdentity, id: string): Promise<WebhookSubscription> {
  const subscription = await tx.subscriptions.get(id);
  if (!subscription || subscription.integratorId !== who.integratorId) throw notFound(WebhookSubscriptionErrors.NOT_FOUND, `no webhook subscription ${id} for integrator ${who.integratorId}`);
  return subscription;
}

export async function createSubscription(deps: SubscriptionDeps, who: IntegratorIdentity, input: SubscriptionInput): Promise<SubscriptionView & { secret: string }> {
  checkUrl(input.url);
  checkCentres(deps, input.centreIds);
  const now = deps.clock().toISOString();
  const subscription: WebhookSubscription = {
    id: deps.newId(),
    integratorId: who.integratorId,
    url: input.url,
    secret: input.secret ?? newWebhookSecret(),
    ...(input.description ? { description: input.description } : {}),
    statuses: input.statuses ?? [],
    centreIds: input.centreIds ?? [],
    state: 'active',
    consecutiveFailures: 0,
    createdAt: now,
    updatedAt: now,
  };
  await deps.run(async (tx) => {
    if ((await tx.subscriptions.countFor(who.integratorId)) >= MAX_SUBSCRIPTIONS_PER_INTEGRATOR) {
      throw conflict(WebhookSubscriptionErrors.LIMIT_REACHED, `integrator ${who.integratorId} has ${MAX_SUBSCRIPTIONS_PER_INTEGRATOR} subscriptions already; delete one first`);
    }
    await tx.subscriptions.insert(subscription);
  });
  return { ...viewOf(subscription), secret: subscription.secret };
}

export async function getSubscription(deps: SubscriptionDeps, who: IntegratorIdentity, id: string): Promise<SubscriptionView> {
  return viewOf(await deps.read((tx) => owned(tx, who, id)));
}

/** An integrator's own subscriptions, or (`who` undefined: an ops officer) everyone's. */
export async function listSubscriptions(
  deps: SubscriptionDeps,
  who: IntegratorIdentity | undefined,
  query: { state?: SubscriptionState | undefined; limit: number; offset: number },
): Promise<Page<SubscriptionView>> {
  const page = await deps.read((tx) => tx.subscriptions.page({ integratorId: who?.integratorId, state: query.state }, query.limit, query.offset));
  return { items: page.items.map(viewOf), total: page.total };
}

/**
 * Changes a subscription. Pausing stops its deliveries (status changes are still
 * recorded); resuming clears the failure count and wakes every dossier's pending
 * deliveries, oldest first.
 */
export async function changeSubscription(deps: SubscriptionDeps, who: IntegratorIdentity, id: string, change: SubscriptionChange): Promise<SubscriptionView> {
  if (change.url !== undefined) checkUrl(change.url);
  checkCentres(deps, change.centreIds);
  const now = deps.clock().toISOString();
  return deps.run(async (tx) => {
    const current = await owned(tx, who, id);
    const next: WebhookSubscription = {
      ...current,
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.statuses !== undefined ? { statuses: change.statuses } : {}),
      ...(change.centreIds !== undefined ? { centreIds: change.centreIds } : {}),
      updatedAt: now,
    };
    if (change.state === 'paused' && current.state === 'active') {
      next.state = 'paused';
      next.pause = { by: 'integrator', reason: 'paused by the integrator', at: now };
    }
    if (change.state === 'active' && current.state === 'paused') {
      next.state = 'active';
      next.consecutiveFailures = 0;
      delete next.pause;
      for (const dossierId of await tx.deliveries.pendingDossiers(id)) await tx.lanes.wakeAt({ subscriptionId: id, dossierId }, now);
    }
    await tx.subscriptions.save(next);
    return viewOf(next);
  });
}

/** Deletes the subscription and its delivery log; pending deliveries are dropped. */
export async function deleteSubscription(deps: SubscriptionDeps, who: IntegratorIdentity, id: string): Promise<{ deliveriesDeleted: number }> {
  return deps.run(async (tx) => {
    await owned(tx, who, id);
    const deliveriesDeleted = await tx.deliveries.deleteFor(id);
    await tx.subscriptions.delete(id);
    return { deliveriesDeleted };
  });
}

/** The delivery log, newest first: every attempt with its status code, error and duration. */
export async function deliveryLog(
  deps: SubscriptionDeps,
  who: IntegratorIdentity,
  id: string,
  query: { status?: DeliveryStatus | undefined; limit: number; offset: number },
): Promise<Page<WebhookDelivery>> {
  return deps.read(async (tx) => {
    await owned(tx, who, id);
    return tx.deliveries.page(id, query.status, query.limit, query.offset);
  });
}
