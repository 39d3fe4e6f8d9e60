/**
 * Notifications to citizens. The key (dossier, template, channel — and the event, for
 * a template that can come again) is unique and is stored before the SMS provider is
 * called, so a redelivered event can never text the citizen twice.
 */
import type { SmsEncoding } from './sms-text.rules';

/**
 * See notification-state.rules.ts for the moves between them. `suppressed`: the
 * template was switched off (for everyone or for the dossier's centre) when the event
 * came; the row keeps the key, so nothing is sent for that event even if the switch
 * is turned back on later.
 */
export type NotificationStatus = 'created' | 'sending' | 'sent' | 'delivered' | 'temporary-failure' | 'permanent-failure' | 'technical-failure' | 'suppressed';

export const notificationStatuses: readonly NotificationStatus[] = ['created', 'sending', 'sent', 'delivered', 'temporary-failure', 'permanent-failure', 'technical-failure', 'suppressed'];

/** Why a due submission was put off: the centre's per-minute rate or its daily cap (see send-rate.rules.ts). */
export type HeldBy = 'rate-limit' | 'daily-cap';

export interface Notification {
  id: string;
  /** `<dossierId>:<template>:<channel>`, plus `:<eventId>` for a repeatable template (see notificationKey). */
  key: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  template: TemplateId;
  templateVersion: number;
  channel: 'sms';
  to: string;
  text: string;
  status: NotificationStatus;
  /** The provider of the latest submission (the one a delivery report comes from). */
  provider?: string;
  /** Every provider a submission went to, in order. */
  providersTried?: string[];
  /** Submissions made (claims into `sending`). */
  attempts?: number;
  /** When the latest claim into `sending` was made: the sweep settles rows left there too long. */
  sendingAt?: string;
  /** When reconciliation last found the gateway holding the message (queued for the SMS centre): its report may still come. */
  gatewayHeldAt?: string;
  /**
   * When the next submission is due: a retry after a temporary failure, or a
   * submission held by the centre's rate limit or daily cap (`heldBy`). Absent on a
   * `created` row that may go at once, and once a failure is final.
   */
  nextAttemptAt?: string;
  /**
   * Set while a submission is held. `rate-limit`: the row has already taken its
   * token (a reservation) and goes at `nextAttemptAt` without asking the bucket again.
   */
  heldBy?: HeldBy;
  /** Why it was suppressed: which switch, for the operator. */
  suppressedReason?: string;
  providerMessageId?: string;
  /** How `text` goes on the air, decided when the notification is queued. */
  encoding?: SmsEncoding;
  /** Segments the text needs; set at queueing, then as counted by the provider. */
  segments?: number;
  failureReason?: string;
  createdAt: string;
  sentAt?: string;
  deliveredAt?: string;
  failedAt?: string;
  updatedAt?: string;
  traceparent?: string;
}

/** What the notifier remembers of a dossier to reach its applicant later. */
export interface Contact {
  id: string;
  dossierCode: string;
  centreId: string;
  phone: string;
  appointmentAt: string;
  /** Where the dossier was received: where a supplement is handed in. Absent on contacts kept before it was recorded. */
  receptionPointId?: string;
  submissionChannel?: 'counter' | 'portal';
}

export type TemplateId = 'receipt' | 'supplement_requested' | 'extended' | 'withdrawn' | 'result_ready' | 'rejected' | 'postal_booked' | 'postal_failed_counter' | 'returned';

/**
 * Templates a dossier can call for more than once: a second supplement request, a
 * second extension. Their key carries the event id, so each event texts once and a
 * redelivery of the same event still does not.
 */
export const repeatableTemplates: ReadonlySet<TemplateId> = new Set<TemplateId>(['supplement_requested', 'extended']);

export function notificationKey(dossierId: string, template: TemplateId, eventId?: string): string {
  const key = `${dossierId}:${template}:sms`;
  if (!repeatableTemplates.has(template)) return key;
  if (!eventId) throw new Error(`template ${template} can repeat: its notification key needs the event id`);
  return `${key}:${eventId}`;
}
