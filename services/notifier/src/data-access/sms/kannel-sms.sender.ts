/**
 * Kannel: `sendsms` on smsbox, by POST: the text is the body and every parameter an
 * `X-Kannel-*` header, so the citizen's number and text (and the password) never
 * stand in a URL, where gateway access logs and proxies would keep them. GSM-7
 * texts go as coding 0 and UCS-2 texts as coding 2, both handed over in UTF-8 for
 * Kannel to convert; the delivery-report URL points back to the notifier with our
 * notification id and its signature, and Kannel fills in the report type (%d), SMSC
 * answer (%A) and time (%T).
 *
 * Reconciliation (when the admin interface is configured): the report asked for
 * includes "accepted by the SMSC" (8), which smsbox calls back for every message it
 * passes on and retries while the notifier cannot be reached (`http-request-retry`
 * × `http-queue-delay`); bearerbox keeps a message in its store until the SMSC has
 * it and lists the store at `store-status.xml`. A message neither reported nor in the
 * store after that span never reached Kannel (see reconcileNotification).
 */
import type { GatewayHolding, SmsMessage, SmsReceipt, SmsSender } from '../../domain/notifier.ports';
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
  /** bearerbox's admin interface (e.g. http://kannel:13000) and its admin or status password: reconciliation lists the store there. */
  adminUrl?: string | undefined;
  adminPassword?: string | undefined;
}

/** The last nine digits: Kannel may keep a number as given or normalised (0912…, 84912…, +84912…). */
const subscriber = (number: string): string => number.replace(/\D/g, '').slice(-9);

/**
 * The receivers of the messages bearerbox holds, from `store-status.xml`. Only the
 * `<receiver>` elements are read, and a phone number has nothing XML would escape, so
 * a pattern does here what a parser would.
 */
export function storedReceivers(xml: string): string[] {
  return [...xml.matchAll(/<receiver>([^<]*)<\/receiver>/g)].map((m) => subscriber(m[1] as string));
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
  readonly reconcile?: (message: SmsMessage) => Promise<GatewayHolding>;

  constructor(private readonly options: KannelOptions) {
    this.name = options.name ?? 'kannel';
    const { adminUrl, adminPassword } = options;
    if (adminUrl && adminPassword) this.reconcile = (message) => this.holds(adminUrl, adminPassword, message);
  }

  /**
   * `held` when the store has any message for the same number: the store does not show
   * our reference, and one held message for the number may be ours, so the answer
   * errs towards waiting, never towards a second text.
   */
  private async holds(adminUrl: string, password: string, message: SmsMessage): Promise<GatewayHolding> {
    const url = `${adminUrl.replace(/\/$/, '')}/store-status.xml?${new URLSearchParams({ password }).toString()}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      // Not the URL: it carries the admin password.
      throw smsUnavailable(this.name, `store-status not reachable: ${(error as Error).name}`);
    }
    const body = await response.text();
    if (response.status !== 200 || !body.includes('<gateway>')) throw smsUnavailable(this.name, `store-status answered HTTP ${response.status}`);
    return storedReceivers(body).includes(subscriber(message.to)) ? 'held' : 'not-held';
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
