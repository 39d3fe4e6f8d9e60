/** Notification log, with phone numbers masked. */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { maskValue } from '@motcua/observability';
import { parseQuery } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { findNotifications } from '../../data-access/notifier.store';
import { notificationStatuses, type Notification } from '../../domain/notification.entity';

export const NotificationQuery = Type.Object(
  {
    dossierId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    status: Type.Optional(Type.Union(notificationStatuses.map((s) => Type.Literal(s)))),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
);

const view = (n: Notification) => ({ ...n, to: maskValue(n.to) });

export function notificationRoutes(store: ServiceStore): Router {
  const router = Router();
  router.get('/v1/notifications', async (req, res) => {
    const query = parseQuery(NotificationQuery, req.query);
    res.json({ items: (await findNotifications(store, query)).map(view) });
  });
  return router;
}
