/** Notification log, with phone numbers masked. */
import { Type } from '@sinclair/typebox';
import { anyOfficer, listCentreOf } from '@motcua/auth';
import { maskValue } from '@motcua/observability';
import { apiRouter, pageQuery } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { findNotifications } from '../../data-access/notifier.store';
import { notificationStatuses, type Notification } from '../../domain/notification.entity';

export const NotificationQuery = Type.Object(
  {
    dossierId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    centreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the officer\'s own centre unless ops' })),
    status: Type.Optional(Type.Union(notificationStatuses.map((s) => Type.Literal(s)))),
    ...pageQuery(500),
  },
  { additionalProperties: false },
);

const view = (n: Notification) => ({ ...n, to: maskValue(n.to) });

export function notificationRoutes(store: ServiceStore) {
  const api = apiRouter();
  api.get({ path: '/v1/notifications', summary: 'The notification log, phone numbers masked', access: { officers: anyOfficer }, query: NotificationQuery, responses: { 200: { description: '`items`' } } }, async ({ query, principal, res }) => {
    const centreId = listCentreOf(principal, query.centreId);
    res.json({ items: (await findNotifications(store, { ...query, ...(centreId ? { centreId } : {}) })).map(view) });
  });
  return api.router;
}
