/**
 * Turning business events into citizen notifications, exactly once: the
 * notification row (unique key) is committed with the consumed event's inbox mark,
 * then the provider is called, then the outcome is recorded and announced.
 * A crash after the commit and before the outcome leaves the row in `sending`;
 * it is never re-sent blindly (the citizen would get two texts) — the stuck-message
 * sweep of the notifier issue settles it.
 */
import { createEvent, dossierRef, isEvent, type EventEnvelope } from '@motcua/contracts';
import { transient } from '@motcua/errors';
import { notificationKey, type Notification, type TemplateId } from './notification.entity';
import type { NotifierTransaction, RunNotifierTransaction, SmsSender } from './notifier.ports';
import { measureSmsText, prepareSmsText } from './sms-text.rules';
import { render, templatePolicies, templateVersions, type TemplateInput } from './templates';

export interface NotifyContext {
  newId: () => string;
  now: Date;
  lookupUrl: (dossierCode: string) => string;
}

/**
 * A rejection reason may run to 500 characters, more than the SMS segment cap allows:
 * the text then carries its start and says the full reason is in the written answer
 * (the refusal letter always has it), so the citizen is still told.
 */
export const SMS_REASON_MAX = 100;
export function smsReason(reason: string): string {
  const chars = [...reason.normalize('NFC')];
  return chars.length <= SMS_REASON_MAX ? reason : `${chars.slice(0, SMS_REASON_MAX - 1).join('').trimEnd()}… (xem đầy đủ trong văn bản trả lời)`;
}

function plan(envelope: EventEnvelope, lookupUrl: NotifyContext['lookupUrl']): TemplateInput | undefined {
  if (isEvent(envelope, 'DossierReceived')) {
    return { template: 'receipt', dossierCode: envelope.data.dossierCode, appointmentAt: envelope.data.appointmentAt, lookupUrl: lookupUrl(envelope.data.dossierCode) };
  }
  if (isEvent(envelope, 'ResultReady') && envelope.data.kind === 'result') {
    return { template: 'result_ready', dossierCode: envelope.data.dossierCode, channel: envelope.data.returnChannel };
  }
  if (isEvent(envelope, 'DossierRejected')) {
    return { template: 'rejected', dossierCode: envelope.data.dossierCode, reason: smsReason(envelope.data.reason), channel: envelope.data.returnChannel };
  }
  return undefined;
}

/**
 * Inside the consumer's transaction: remembers the applicant's phone from
 * DossierReceived and queues the notification the event calls for. Returns it
 * when this call created it (so the caller sends it after commit).
 */
export async function queueNotification(tx: NotifierTransaction, envelope: EventEnvelope, context: NotifyContext): Promise<Notification | undefined> {
  if (isEvent(envelope, 'DossierReceived')) {
    const d = envelope.data;
    await tx.contacts.upsert({ id: d.dossierId, dossierCode: d.dossierCode, centreId: d.centreId, phone: d.applicant.phone, appointmentAt: d.appointmentAt });
  }
  const dossierId = envelope.subject;
  const contact = await tx.contacts.get(dossierId);
  const input = plan(envelope, context.lookupUrl);
  if (!input) return undefined;
  if (!contact) {
    // The receipt (intake topic) normally arrives long before anything else; if not, retry until it has.
    throw transient('NOTIFIER.CONTACT_UNKNOWN', `no contact yet for dossier ${dossierId}`);
  }
  const template: TemplateId = input.template;
  const key = notificationKey(dossierId, template);
  if (await tx.notifications.findByKey(key)) return undefined;
  const data = envelope.data as { dossierCode: string; centreId: string };
  // Too long for the segment cap is permanent (same event, same text): the consumer dead-letters it.
  const prepared = prepareSmsText(render(input), { policy: templatePolicies[template] });
  const notification: Notification = {
    id: context.newId(),
    key,
    dossierId,
    dossierCode: data.dossierCode,
    centreId: data.centreId,
    template,
    templateVersion: templateVersions[template],
    channel: 'sms',
    to: contact.phone,
    text: prepared.text,
    encoding: prepared.encoding,
    segments: prepared.segments,
    status: 'sending',
    createdAt: context.now.toISOString(),
    ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
  };
  await tx.notifications.insert(notification);
  return notification;
}

/** After commit: calls the provider and records the outcome with its event. */
export async function deliver(run: RunNotifierTransaction, sender: SmsSender, notification: Notification, clock: () => Date): Promise<Notification> {
  let outcome: Notification;
  try {
    // Rows queued before encodings were recorded are measured as they stand.
    const encoding = notification.encoding ?? measureSmsText(notification.text).encoding;
    const receipt = await sender.send({ to: notification.to, text: notification.text, encoding, reference: notification.id });
    outcome = { ...notification, status: 'sent', provider: receipt.provider, providerMessageId: receipt.providerMessageId, segments: receipt.segments, sentAt: clock().toISOString() };
  } catch (error) {
    outcome = { ...notification, status: 'failed', failureReason: (error as Error).message.slice(0, 400) || 'provider error' };
  }
  return run(async (tx) => {
    await tx.notifications.save(outcome);
    const base = { ...dossierRef(outcome), actor: { role: 'system' as const }, notificationId: outcome.id };
    await tx.emit(
      outcome.status === 'sent'
        ? createEvent({
            name: 'NotificationSent',
            traceparent: outcome.traceparent,
            data: {
              ...base,
              template: outcome.template,
              templateVersion: outcome.templateVersion,
              channel: 'sms',
              provider: outcome.provider as string,
              segments: outcome.segments as number,
              sentAt: outcome.sentAt as string,
            },
          })
        : createEvent({
            name: 'NotificationFailed',
            traceparent: outcome.traceparent,
            data: { ...base, failure: 'technical', reason: outcome.failureReason as string, failedAt: clock().toISOString() },
          }),
    );
    return outcome;
  });
}
