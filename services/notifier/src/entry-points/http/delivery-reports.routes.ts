/**
 * Delivery-report callbacks. Kannel calls the signed `dlr-url` it was given with each
 * message (GET by default, POST when configured); a bad or missing signature is
 * refused with 401 problem+json. Duplicate and late reports are answered 200 and
 * logged: the gateway must not keep retrying something we chose to ignore.
 */
import { Type } from '@sinclair/typebox';
import { AppError } from '@motcua/errors';
import type { Logger } from '@motcua/observability';
import { apiRouter } from '@motcua/runtime';
import type { RunNotifierTransaction } from '../../domain/notifier.ports';
import { SmsDeliveryErrors } from '../../domain/sms-delivery.errors';
import { recordDeliveryReport, type ReportedStatus } from '../../domain/send-notification.use-cases';
import { reportSignatureValid } from '../../data-access/sms/delivery-report.signature';
import { KANNEL_DLR_PATH } from '../../data-access/sms/kannel-sms.sender';

export const KannelReportQuery = Type.Object(
  {
    ref: Type.String({ minLength: 1, maxLength: 64 }),
    sig: Type.Optional(Type.String({ maxLength: 128 })),
    type: Type.Integer({ minimum: 0, maximum: 255 }),
    ts: Type.Optional(Type.String({ maxLength: 32 })),
    smsc: Type.Optional(Type.String({ maxLength: 64 })),
    reply: Type.Optional(Type.String({ maxLength: 500 })),
    /** The dossier's trace context, put in the dlr-url when the message was sent (the runtime's request span continues it). */
    traceparent: Type.Optional(Type.String({ pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$', maxLength: 55 })),
  },
  { additionalProperties: false },
);

/** Kannel's report types; 4 (queued on the SMSC) tells nothing we act on. */
const kannelStatus: Record<number, ReportedStatus> = { 1: 'delivered', 2: 'temporary-failure', 8: 'accepted', 16: 'permanent-failure' };
const kannelMeaning: Record<number, string> = { 1: 'delivered to phone', 2: 'not delivered to phone', 4: 'queued on SMSC', 8: 'accepted by SMSC', 16: 'rejected by SMSC' };

export interface DeliveryReportDeps {
  run: RunNotifierTransaction;
  clock: () => Date;
  logger: Logger;
  /** Absent when Kannel is not configured: the endpoint then refuses everything. */
  dlrSecret?: string | undefined;
}

export function deliveryReportRoutes(deps: DeliveryReportDeps) {
  const api = apiRouter();
  for (const method of ['get', 'post'] as const) {
    api[method](
      {
        path: KANNEL_DLR_PATH,
        summary: `Kannel's delivery report (the signed dlr-url, ${method.toUpperCase()})`,
        description: 'Called by the SMS gateway, not by integrators. A bad or missing signature is refused with 401; duplicate and late reports are answered 200 and ignored.',
        access: { public: 'the SMS gateway\'s delivery report, authenticated by the HMAC signature in the dlr-url instead' },
        query: KannelReportQuery,
        responses: { 200: { description: '`outcome`: applied or ignored' } },
      },
      async ({ query, res }) => {
        if (!deps.dlrSecret || !reportSignatureValid(deps.dlrSecret, 'kannel', query.ref, query.sig)) {
          throw new AppError(SmsDeliveryErrors.DLR_UNAUTHORIZED, 'unauthorized', 'the delivery report is not signed for this message');
        }
        const status = kannelStatus[query.type];
        const detail = `${kannelMeaning[query.type] ?? `report type ${query.type}`}${query.reply ? ` (SMSC: ${query.reply})` : ''}`;
        if (!status) {
          deps.logger.debug({ notificationId: query.ref, type: query.type }, 'delivery report noted: nothing to change');
          res.json({ outcome: 'ignored', reason: detail });
          return;
        }
        const outcome = await recordDeliveryReport(deps.run, { notificationId: query.ref, provider: 'kannel', status, detail }, deps.clock);
        if (outcome.applied) deps.logger.info({ notificationId: query.ref, status: outcome.status, detail }, 'delivery report applied');
        else deps.logger.info({ notificationId: query.ref, status: outcome.status, reported: status, reason: outcome.reason }, 'delivery report ignored');
        res.json(outcome.applied ? { outcome: 'applied', status: outcome.status } : { outcome: 'ignored', reason: outcome.reason });
      },
    );
  }
  return api.router;
}
