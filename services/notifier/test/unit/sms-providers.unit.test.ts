import { createLogger } from '@motcua/observability';
import { KannelSmsSender, kannelSendsmsRequest, storedReceivers } from '../../src/data-access/sms/kannel-sms.sender';
import { reportSignatureValid, signReport } from '../../src/data-access/sms/delivery-report.signature';
import { SmsRouter } from '../../src/data-access/sms/sms-router';
import { loadNotifierConfig } from '../../src/config';
import type { SmsSender } from '../../src/domain/notifier.ports';
import { afterResult, effectiveWeight, healthy, providerOrder } from '../../src/domain/provider-choice.rules';
import { smsOutcomeUnknown, smsUnavailable } from '../../src/domain/sms-delivery.errors';

const policy = { failoverAfter: 3, cooldownMs: 1000, driftMs: 9000 };
const message = { to: '0912345678', text: 'Hồ sơ đã được tiếp nhận', encoding: 'ucs2' as const, reference: 'n-1' };

describe('choosing an SMS provider', () => {
  it('when a provider errs repeatedly, then it gets no traffic for the cool-down and drifts back over the drift period', () => {
    let health = healthy;
    for (let i = 0; i < 2; i += 1) health = afterResult(health, false, 0, policy);
    expect(effectiveWeight(9, health, 0, policy)).toBe(9);
    health = afterResult(health, false, 0, policy);
    expect(effectiveWeight(9, health, 500, policy)).toBe(0);
    expect(effectiveWeight(9, health, 1000, policy)).toBeCloseTo(0.9);
    expect(effectiveWeight(9, health, 5500, policy)).toBeCloseTo(4.95);
    expect(effectiveWeight(9, health, 10_000, policy)).toBe(9);
    // One error while drifting back cools it down again; one success restores it.
    expect(afterResult(health, false, 2000, policy).coolUntil).toBe(3000);
    expect(afterResult(health, true, 2000, policy)).toEqual(healthy);
  });

  it('when traffic is split by weight, then the draw follows the weights and a cooling provider comes last', () => {
    const providers = [{ name: 'kannel', weight: 3 }, { name: 'http', weight: 1 }];
    const fine = () => healthy;
    expect(providerOrder(providers, fine, 0, policy, () => 0.7)).toEqual(['kannel', 'http']);
    expect(providerOrder(providers, fine, 0, policy, () => 0.8)).toEqual(['http', 'kannel']);
    const kannelCooling = (name: string) => (name === 'kannel' ? { consecutiveErrors: 3, coolUntil: 1000 } : healthy);
    expect(providerOrder(providers, kannelCooling, 0, policy, () => 0)).toEqual(['http', 'kannel']);
  });

  it('when the chosen provider is unavailable, then the router fails over; an unknown outcome is never sent elsewhere', async () => {
    const calls: string[] = [];
    const down: SmsSender = { send: async () => (calls.push('kannel'), Promise.reject(smsUnavailable('kannel', 'ECONNREFUSED'))) };
    const up: SmsSender = { send: async () => (calls.push('http'), { provider: 'http', providerMessageId: 'x', segments: 1 }) };
    const router = new SmsRouter([{ name: 'kannel', weight: 9, sender: down }, { name: 'http', weight: 1, sender: up }], { ...policy, failoverAfter: 1 }, createLogger({ service: 'notifier', level: 'silent' }), () => 0, () => 0);
    expect(await router.send(message)).toMatchObject({ provider: 'http' });
    expect(await router.send(message)).toMatchObject({ provider: 'http' });
    expect(calls).toEqual(['kannel', 'http', 'http']);

    const unsure: SmsSender = { send: async () => Promise.reject(smsOutcomeUnknown('kannel', 'timeout')) };
    const cautious = new SmsRouter([{ name: 'kannel', weight: 1, sender: unsure }, { name: 'http', weight: 1, sender: up }], policy, createLogger({ service: 'notifier', level: 'silent' }), () => 0, () => 0);
    await expect(cautious.send(message)).rejects.toMatchObject({ code: 'NOTIFIER.SMS_OUTCOME_UNKNOWN' });
    expect(calls).toHaveLength(3);
  });
});

describe('reconciling through the router', () => {
  const logger = createLogger({ service: 'notifier', level: 'silent' });
  const sent = { provider: 'x', providerMessageId: 'x', segments: 1 };

  it('when one provider cannot say what became of a message, then the router offers no reconciliation (at most once)', () => {
    const kannel: SmsSender = { send: async () => sent, reconcile: async () => 'not-held' };
    const http: SmsSender = { send: async () => sent };
    expect(new SmsRouter([{ name: 'kannel', weight: 1, sender: kannel }, { name: 'http', weight: 1, sender: http }], policy, logger).reconcile).toBeUndefined();
  });

  it('when every provider can, then any one holding the message means held', async () => {
    const holding: SmsSender = { send: async () => sent, reconcile: async () => 'held' };
    const empty: SmsSender = { send: async () => sent, reconcile: async () => 'not-held' };
    const both = new SmsRouter([{ name: 'a', weight: 1, sender: empty }, { name: 'b', weight: 1, sender: holding }], policy, logger);
    expect(await both.reconcile?.(message)).toBe('held');
    const none = new SmsRouter([{ name: 'a', weight: 1, sender: empty }], policy, logger);
    expect(await none.reconcile?.(message)).toBe('not-held');
  });
});

describe('the Kannel adapter', () => {
  const options = { sendsmsUrl: 'http://kannel:13013/cgi-bin/sendsms', username: 'u', password: 'p', publicUrl: 'https://notifier.example/', dlrSecret: 'a-secret-of-16-chars', timeoutMs: 1000 };

  const headersOf = (request: { init: RequestInit }) => request.init.headers as Record<string, string>;

  it('when no admin interface is configured, then it offers no reconciliation; with one, it reads the receivers of the stored messages', () => {
    expect(new KannelSmsSender(options).reconcile).toBeUndefined();
    expect(new KannelSmsSender({ ...options, adminUrl: 'http://kannel:13000', adminPassword: 'a' }).reconcile).toBeDefined();
    const store = '<?xml version="1.0"?>\n<gateway>\n\t<message>\n\t<id>8d6b</id>\n\t<type>MT-PUSH</type>\n\t<sender>MOTCUA</sender>\n\t<receiver>+84912345678</receiver>\n\t</message>\n</gateway>\n';
    expect(storedReceivers(store)).toEqual(['912345678']);
    expect(storedReceivers('<?xml version="1.0"?>\n<gateway>\n</gateway>\n')).toEqual([]);
  });

  it('when a UCS-2 text is sent, then it goes as coding 2 in UTF-8 with a signed dlr-url carrying Kannel\'s escapes; GSM-7 as coding 0', () => {
    const request = kannelSendsmsRequest(options, message);
    expect(headersOf(request)).toMatchObject({
      'content-type': 'text/plain; charset=UTF-8',
      'X-Kannel-Username': 'u',
      'X-Kannel-Password': 'p',
      'X-Kannel-To': '0912345678',
      'X-Kannel-Coding': '2',
      'X-Kannel-DLR-Mask': '31',
    });
    expect(request.init).toMatchObject({ method: 'POST', body: 'Hồ sơ đã được tiếp nhận' });
    expect(headersOf(request)['X-Kannel-DLR-Url']).toBe(`https://notifier.example/v1/sms/delivery-reports/kannel?ref=n-1&sig=${signReport('a-secret-of-16-chars', 'kannel', 'n-1')}&type=%d&ts=%T&smsc=%i&reply=%A`);
    expect(headersOf(kannelSendsmsRequest(options, { ...message, text: 'Ho so', encoding: 'gsm7' }))['X-Kannel-Coding']).toBe('0');
  });

  it('when a text is sent, then neither the number, nor the text, nor the password is in the URL', () => {
    expect(kannelSendsmsRequest(options, message).url).toBe('http://kannel:13013/cgi-bin/sendsms');
  });

  it('when the message has a trace, then the dlr-url carries its traceparent so the report continues the dossier\'s trace', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const dlr = headersOf(kannelSendsmsRequest(options, { ...message, traceparent }))['X-Kannel-DLR-Url']!;
    expect(new URL(dlr.split('&type=')[0] as string).searchParams.get('traceparent')).toBe(traceparent);
  });

  it('when a report signature is checked, then only the one made for that provider and message passes', () => {
    const sig = signReport('a-secret-of-16-chars', 'kannel', 'n-1');
    expect(reportSignatureValid('a-secret-of-16-chars', 'kannel', 'n-1', sig)).toBe(true);
    expect(reportSignatureValid('a-secret-of-16-chars', 'kannel', 'n-2', sig)).toBe(false);
    expect(reportSignatureValid('another-secret-16chars', 'kannel', 'n-1', sig)).toBe(false);
    expect(reportSignatureValid('a-secret-of-16-chars', 'kannel', 'n-1', undefined)).toBe(false);
  });
});

describe('notifier configuration', () => {
  it('when nothing is set, then the log provider is used', () => {
    expect(loadNotifierConfig({}).NOTIFIER_SMS_PROVIDERS).toBe('log');
  });

  it.each([
    [{ NOTIFIER_SMS_PROVIDERS: 'kannel' }, /KANNEL_SENDSMS_URL: required when NOTIFIER_SMS_PROVIDERS includes kannel/],
    [{ NOTIFIER_SMS_PROVIDERS: 'sms-brand' }, /NOTIFIER_SMS_PROVIDERS/],
    [{ NOTIFIER_SMS_PROVIDERS: 'http', NOTIFIER_HTTP_SMS_URL: 'https://sms.example/send', NOTIFIER_HTTP_SMS_FIELDS: '[1]' }, /NOTIFIER_HTTP_SMS_FIELDS: must be a JSON object/],
    [{ NOTIFIER_SMS_PROVIDERS: 'log:0' }, /NOTIFIER_SMS_PROVIDERS: at least one provider/],
  ])('when the settings are %j, then start-up fails naming the variable', (env, message) => {
    expect(() => loadNotifierConfig(env)).toThrow(message);
  });
});
