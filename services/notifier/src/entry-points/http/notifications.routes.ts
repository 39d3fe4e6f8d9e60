/** Notification log, with phone numbers masked. */
import { Type } from '@sinclair/typebox';
import { maskValue } from '@motcua/observability';
import { apiRouter, pageQuery } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { findNotifications } from '../../data-access/notifier.store';
import { notificationStatuses, type Notification } from '../../domain/notification.entity';

export const NotificationQuery = Type.Object(
  {
    dossierId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(Type.Union(notificationStatuses.map((s) => Type.Literal(s)))),
    ...pageQuery(500),
  },
  { additionalProperties: false },
);

const view = (n: Notification) => ({ ...n, to: maskValue(n.to) });

export function notificationRoutes(store: ServiceStore) {
  const api = apiRouter();
  api.get({ path: '/v1/notifications', summary: 'The notification log, phone numbers masked', query: NotificationQuery, responses: { 200: { description: '`items`' } } }, async ({ query, res }) => {
    res.json({ items: (await findNotifications(store, query)).map(view) });
  });
  return api.router;
}
