/**
 * The first SMS adapter: keeps every outgoing message in the notifier's own store
 * (`sms_log`) and writes a log line with the number masked. It is what the embedded
 * edition uses when no gateway is configured; Kannel and HTTP aggregators come
 * behind the same port with the notifier issue.
 */
import type { ServiceStore, CollectionSpec } from '@motcua/storage';
import type { Logger } from '@motcua/observability';
import type { SmsMessage, SmsReceipt, SmsSender } from '../../domain/notifier.ports';

export const smsLogCollection: CollectionSpec = { name: 'sms_log', indexes: [{ fields: ['reference'], unique: true }] };

interface SmsLogEntry {
  id: string;
  reference: string;
  to: string;
  text: string;
  segments: number;
  acceptedAt: string;
}

/** GSM-7 or UCS-2 segment count, enough for the record; the notifier issue brings full Vietnamese-aware counting. */
function segmentsOf(text: string): number {
  const ucs2 = /[^\x20-\x7E\n\r]/.test(text);
  const [single, multi] = ucs2 ? [70, 67] : [160, 153];
  const length = [...text].length;
  return length <= single ? 1 : Math.ceil(length / multi);
}

export class LogSmsSender implements SmsSender {
  constructor(
    private readonly store: ServiceStore,
    private readonly logger: Logger,
  ) {}

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const segments = segmentsOf(message.text);
    const entry: SmsLogEntry = { id: message.reference, reference: message.reference, to: message.to, text: message.text, segments, acceptedAt: new Date().toISOString() };
    await this.store.unitOfWork.run((tx) => tx.collection<SmsLogEntry>(smsLogCollection).upsert(entry));
    this.logger.info({ reference: message.reference, to: message.to, segments }, 'sms recorded (log provider)');
    return { provider: 'log', providerMessageId: message.reference, segments };
  }
}
