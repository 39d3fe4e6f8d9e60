/**
 * The first SMS adapter: keeps every outgoing message in the notifier's own store
 * (`sms_log`) and writes a log line with the number masked. It is what the embedded
 * edition uses when no gateway is configured; Kannel and HTTP aggregators come
 * behind the same port with the notifier issue.
 */
import type { ServiceStore, CollectionSpec } from '@motcua/storage';
import type { Logger } from '@motcua/observability';
import type { SmsMessage, SmsReceipt, SmsSender } from '../../domain/notifier.ports';
import { measureSmsText } from '../../domain/sms-text.rules';

export const smsLogCollection: CollectionSpec = { name: 'sms_log', indexes: [{ fields: ['reference'], unique: true }] };

interface SmsLogEntry {
  id: string;
  reference: string;
  to: string;
  text: string;
  encoding: SmsMessage['encoding'];
  segments: number;
  acceptedAt: string;
}

export class LogSmsSender implements SmsSender {
  constructor(
    private readonly store: ServiceStore,
    private readonly logger: Logger,
  ) {}

  async send(message: SmsMessage): Promise<SmsReceipt> {
    // Counted as a gateway would: the same rules the notification was prepared with.
    const { segments } = measureSmsText(message.text);
    const entry: SmsLogEntry = { id: message.reference, reference: message.reference, to: message.to, text: message.text, encoding: message.encoding, segments, acceptedAt: new Date().toISOString() };
    await this.store.unitOfWork.run((tx) => tx.collection<SmsLogEntry>(smsLogCollection).upsert(entry));
    this.logger.info({ reference: message.reference, to: message.to, segments }, 'sms recorded (log provider)');
    return { provider: 'log', providerMessageId: message.reference, segments };
  }
}
