/**
 * A generic HTTP JSON SMS aggregator (the brand-name providers centres contract
 * with): POSTs one JSON object per message, field names and encoding values mapped
 * from configuration, success decided by the HTTP status.
 */
import type { SmsMessage, SmsReceipt, SmsSender } from '../../domain/notifier.ports';
import { smsRejected, smsUnavailable } from '../../domain/sms-delivery.errors';
import { measureSmsText } from '../../domain/sms-text.rules';
import { callProvider } from './provider-call';

export interface HttpJsonSmsOptions {
  url: string;
  /** `Name: value`, e.g. `Authorization: Bearer …`. */
  authHeader?: string | undefined;
  /** Our field (`to`, `text`, `reference`, `encoding`, `from`) → theirs; `""` leaves it out. */
  fields: Record<string, string>;
  encodingValues: { gsm7: string | number; ucs2: string | number };
  successCodes: number[];
  /** Dotted path of their message id in the answer. */
  idField?: string | undefined;
  from?: string | undefined;
  timeoutMs: number;
  name?: string;
}

/** Statuses that mean "not now" rather than "not this message". */
const retryable = new Set([401, 403, 408, 425, 429]);

function pick(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), value);
}

export class HttpJsonSmsSender implements SmsSender {
  readonly name: string;

  constructor(private readonly options: HttpJsonSmsOptions) {
    this.name = options.name ?? 'http';
  }

  body(message: SmsMessage): Record<string, unknown> {
    const ours: Record<string, unknown> = {
      to: message.to,
      text: message.text,
      reference: message.reference,
      encoding: this.options.encodingValues[message.encoding],
      ...(this.options.from ? { from: this.options.from } : {}),
    };
    const body: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(ours)) {
      const theirs = this.options.fields[field] ?? field;
      if (theirs !== '') body[theirs] = value;
    }
    return body;
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.authHeader) {
      const at = this.options.authHeader.indexOf(':');
      headers[this.options.authHeader.slice(0, at).trim()] = this.options.authHeader.slice(at + 1).trim();
    }
    const { status, body } = await callProvider(this.name, this.options.url, { method: 'POST', headers, body: JSON.stringify(this.body(message)) }, this.options.timeoutMs);
    if (this.options.successCodes.includes(status)) {
      let id: unknown;
      if (this.options.idField) {
        try {
          id = pick(JSON.parse(body), this.options.idField);
        } catch {
          id = undefined;
        }
      }
      return { provider: this.name, providerMessageId: typeof id === 'string' || typeof id === 'number' ? String(id) : message.reference, segments: measureSmsText(message.text).segments };
    }
    const answer = `HTTP ${status}: ${body.trim().slice(0, 200)}`;
    if (status >= 500 || retryable.has(status)) throw smsUnavailable(this.name, answer);
    throw smsRejected(this.name, answer);
  }
}
