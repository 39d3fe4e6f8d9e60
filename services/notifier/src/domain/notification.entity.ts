/**
 * Notifications to citizens. The key (dossier, template, channel) is unique and is
 * stored before the SMS provider is called, so a redelivered event can never text
 * the citizen twice.
 */
import type { SmsEncoding } from './sms-text.rules';

export type NotificationStatus = 'sending' | 'sent' | 'failed';

export interface Notification {
  id: string;
  /** `<dossierId>:<template>:<channel>`: one message per dossier, template and channel. */
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
  provider?: string;
  providerMessageId?: string;
  /** How `text` goes on the air, decided when the notification is queued. */
  encoding?: SmsEncoding;
  /** Segments the text needs; set at queueing, then as counted by the provider. */
  segments?: number;
  failureReason?: string;
  createdAt: string;
  sentAt?: string;
  traceparent?: string;
}

/** What the notifier remembers of a dossier to reach its applicant later. */
export interface Contact {
  id: string;
  dossierCode: string;
  centreId: string;
  phone: string;
  appointmentAt: string;
}

export type TemplateId = 'receipt' | 'result_ready' | 'rejected';

export const notificationKey = (dossierId: string, template: TemplateId): string => `${dossierId}:${template}:sms`;
