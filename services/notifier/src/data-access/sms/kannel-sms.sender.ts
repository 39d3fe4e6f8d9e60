/**
 * Kannel: `sendsms` on smsbox, by POST: the text is the body and every parameter an
 * `X-Kannel-*` header, so the citizen's number and text (and the password) never
 * stand in a URL, where gateway access logs and proxies would keep them. GSM-7
 * texts go as coding 0 and UCS-2 texts as coding 2, both handed over in UTF-8 for
 * Kannel to convert; the delivery-report URL points back to the notifier with our
 * notification id and its signature, and Kannel fills in the report type (%d), SMSC
 * answer (%A) and time (%T).
 */
import type { SmsMessage, SmsReceipt, SmsSender } from '../../domain/notifier.ports';
import { smsRejected, smsUnavailable } from '../../domain/sms-delivery.errors';
import { measureSmsText } from '../../domain/sms-text.rules';
import { signReport } from './delivery-report.signature';
import { callProvider } from './provider-call';

export const KANNEL_DLR_PATH = '/v1/sms/delivery-reports/kannel';

/** Every report Kannel has: delivered (1), undelivered (2), queued on SMSC (4), SMSC accepted (8), SMSC rejected (16). */
const DLR_MASK_ALL = 31;

export interface KannelOptions {
  sendsmsUrl: string;
  username: string;
  password: string;
  from?: string | undefined;
  smsc?: string | undefined;
  /** Base URL the gateway reaches the notifier at. */
  publicUrl: string;
  dlrSecret: string;
  timeoutMs: number;
  name?: string;
}

export function kannelDlrUrl(options: Pick<KannelOptions, 'publicUrl' | 'dlrSecret'>, reference: string, provider = 'kannel', traceparent?: string): string {
  const query = new URLSearchParams({ ref: reference, sig: signReport(options.dlrSecret, provider, reference) });
  // Kannel calls back without our headers: the report's request continues the dossier's trace from the URL.
  if (traceparent) query.set('traceparent', traceparent);
  // Kannel's own escapes stay literal: it substitutes them when it calls back.
  return `${options.publicUrl.replace(/\/$/, '')}${KANNEL_DLR_PATH}?${query.toString()}&type=%d&ts=%T&smsc=%i&reply=%A`;
}

/** The sendsms call: the configured URL as it is, the parameters in headers, the text as the body. */
export function kannelSendsmsRequest(options: KannelOptions, message: SmsMessage): { url: string; init: RequestInit } {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=UTF-8',
    'X-Kannel-Username': options.username,
    'X-Kannel-Password': options.password,
    'X-Kannel-To': message.to,
    'X-Kannel-Coding': message.encoding === 'ucs2' ? '2' : '0',
    'X-Kannel-DLR-Mask': String(DLR_MASK_ALL),
    'X-Kannel-DLR-Url': kannelDlrUrl(options, message.reference, options.name ?? 'kannel', message.traceparent),
  };
  if (options.from) headers['X-Kannel-From'] = options.from;
  if (options.smsc) headers['X-Kannel-SMSC'] = options.smsc;
  return { url: options.sendsmsUrl, init: { method: 'POST', headers, body: message.text } };
}

export class KannelSmsSender implements SmsSender {
  readonly name: string;

  constructor(private readonly options: KannelOptions) {
    this.name = options.name ?? 'kannel';
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const { url, init } = kannelSendsmsRequest(this.options, message);
    const { status, body } = await callProvider(this.name, url, init, this.options.timeoutMs);
    const answer = body.trim().slice(0, 200);
    // 202 "0: Accepted for delivery" or "3: Queued for later delivery" (SMSC down: Kannel keeps it and sends later).
    if (status === 202 || status === 200) {
      return { provider: this.name, providerMessageId: message.reference, segments: measureSmsText(message.text).segments };
    }
    // Bad credentials or a sendsms-user limit: this gateway cannot take anything; another provider may.
    if (status === 401 || status === 403 || status >= 500) throw smsUnavailable(this.name, `HTTP ${status}: ${answer}`);
    throw smsRejected(this.name, `HTTP ${status}: ${answer}`);
  }
}
