import { createHmac } from 'node:crypto';
import { loadTrackingConfig } from '../../src/config';
import type { DossierView } from '../../src/domain/dossier-view.entity';
import { statusChangedBody, statusChangeOf, subscriptionMatches, type StatusChange } from '../../src/domain/status-webhook.entity';
import { outcomeOf, retryAfterMs, retryDelayMs } from '../../src/domain/webhook-retry.rules';
import { newWebhookSecret, signatureHeader, verifySignature } from '../../src/domain/webhook-signature.rules';

describe('webhook signatures', () => {
  const secret = 'whsec_test-secret-of-enough-length';
  const body = '{"id":"e1","status":"SIGNED"}';
  const t = 1_790_000_000;

  it('when a body is signed, then the header is t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>"> keyed by the secret', () => {
    const hex = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(secret, t, body)).toBe(`t=${t},v1=${hex}`);
  });

  it('when the receiver checks within the replay window, then the signature verifies; outside it, or with another body or secret, it does not', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(secret, header, body, t + 299)).toEqual({ valid: true });
    expect(verifySignature(secret, header, body, t - 299)).toEqual({ valid: true });
    expect(verifySignature(secret, header, body, t + 301)).toEqual({ valid: false, reason: 'timestamp more than 300 s from now' });
    expect(verifySignature(secret, header, `${body} `, t)).toEqual({ valid: false, reason: 'signature does not match' });
    expect(verifySignature('whsec_another-secret-of-length', header, body, t)).toEqual({ valid: false, reason: 'signature does not match' });
    expect(verifySignature(secret, `t=${t + 1},v1=${header.split('v1=')[1]}`, body, t)).toEqual({ valid: false, reason: 'signature does not match' });
    expect(verifySignature(secret, undefined, body, t)).toEqual({ valid: false, reason: 'signature header missing' });
  });

  it('when a secret is generated, then it is prefixed, long and never the same twice', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});

describe('webhook retry rules', () => {
  const now = new Date('2026-11-20T08:00:00.000Z');
  const response = (statusCode: number) => ({ kind: 'response' as const, statusCode, durationMs: 5 });

  it('when the receiver answers 2xx, then it is delivered; network errors, 5xx and 429 are retried; any other answer is not', () => {
    expect([200, 201, 204].map((code) => outcomeOf(response(code)))).toEqual(['delivered', 'delivered', 'delivered']);
    expect([500, 502, 503, 504, 429].map((code) => outcomeOf(response(code)))).toEqual(Array(5).fill('retry'));
    expect(outcomeOf({ kind: 'network', error: 'ECONNREFUSED', durationMs: 1 })).toBe('retry');
    expect([400, 401, 403, 404, 408, 410, 422, 301, 302].map((code) => outcomeOf(response(code)))).toEqual(Array(9).fill('rejected'));
  });

  it('when attempts keep failing, then the wait doubles from the initial delay up to the cap, with at most 20% jitter', () => {
    const policy = { initialMs: 1000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, undefined, () => 0))).toEqual([1000, 2000, 4000, 8000, 10_000]);
    expect(retryDelayMs(2, policy, undefined, () => 0.999)).toBe(2400);
    expect(retryDelayMs(9, policy, undefined, () => 0.999)).toBe(10_000);
  });

  it('when the receiver sends Retry-After, then the wait is at least that long, up to the cap', () => {
    const policy = { initialMs: 1000, maxMs: 60_000 };
    expect(retryDelayMs(1, policy, retryAfterMs('30', now), () => 0)).toBe(30_000);
    expect(retryDelayMs(1, policy, retryAfterMs('3600', now), () => 0)).toBe(60_000);
    expect(retryDelayMs(3, policy, retryAfterMs('0', now), () => 0)).toBe(4000);
    expect(retryAfterMs('Fri, 20 Nov 2026 08:00:45 GMT', now)).toBe(45_000);
    expect(retryAfterMs('Fri, 20 Nov 2026 07:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('when WEBHOOK_RETRY_MAX_MS is below WEBHOOK_RETRY_INITIAL_MS, then start-up fails naming it; defaults apply when unset', () => {
    expect(() => loadTrackingConfig({ WEBHOOK_RETRY_INITIAL_MS: '5000', WEBHOOK_RETRY_MAX_MS: '1000' })).toThrow(/WEBHOOK_RETRY_MAX_MS/);
    expect(() => loadTrackingConfig({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
    expect(loadTrackingConfig({})).toMatchObject({ WEBHOOK_TIMEOUT_MS: 10_000, WEBHOOK_MAX_ATTEMPTS: 8, WEBHOOK_RETRY_INITIAL_MS: 10_000, WEBHOOK_RETRY_MAX_MS: 3_600_000, WEBHOOK_PAUSE_AFTER_FAILURES: 5 });
  });
});

describe('status changes and their payload', () => {
  const view = (status: DossierView['status']): DossierView => ({
    id: 'd1',
    code: 'PDN-261120-0001',
    centreId: 'hue-phong-dien',
    procedureCode: '1.001193',
    applicantName: 'Nguyễn Văn A',
    status,
    flags: { overdue: false, extended: false, potentialDuplicate: false },
    appointmentAt: '2026-11-23T08:00:00.000Z',
    updatedAt: '2026-11-20T03:00:00.000Z',
    timeline: [],
  });
  const event = { id: 'e9', name: 'DocumentSigned' as const, time: '2026-11-20T10:00:00+07:00' };

  it('when the projection leaves the status as it was, then there is no change; a first view changes from null', () => {
    expect(statusChangeOf(view('SIGNED'), view('SIGNED'), event)).toBeUndefined();
    expect(statusChangeOf(undefined, view('RECEIVED'), { ...event, name: 'DossierReceived' })).toMatchObject({ previousStatus: null, status: 'RECEIVED' });
  });

  it('when a status changes, then the body names the event, dossier, centre and both statuses, and no applicant data', () => {
    const change = statusChangeOf(view('AWAITING_SIGNATURE'), view('SIGNED'), event) as StatusChange;
    const body = JSON.parse(statusChangedBody(change)) as Record<string, unknown>;
    expect(body).toEqual({
      id: 'e9',
      type: 'dossier.status_changed',
      occurredAt: '2026-11-20T03:00:00.000Z',
      dossier: { id: 'd1', code: 'PDN-261120-0001', centreId: 'hue-phong-dien', procedureCode: '1.001193', appointmentAt: '2026-11-23T08:00:00.000Z' },
      previousStatus: 'AWAITING_SIGNATURE',
      status: 'SIGNED',
      cause: 'DocumentSigned',
    });
    expect(statusChangedBody(change)).not.toContain('Nguyễn');
  });

  it('when a subscription filters statuses or centres, then only matching changes are its; empty filters match everything', () => {
    const change = statusChangeOf(view('AWAITING_SIGNATURE'), view('SIGNED'), event) as StatusChange;
    expect(subscriptionMatches({ statuses: [], centreIds: [] }, change)).toBe(true);
    expect(subscriptionMatches({ statuses: ['SIGNED', 'RETURNED'], centreIds: ['hue-phong-dien'] }, change)).toBe(true);
    expect(subscriptionMatches({ statuses: ['RETURNED'], centreIds: [] }, change)).toBe(false);
    expect(subscriptionMatches({ statuses: [], centreIds: ['hue-thuan-hoa'] }, change)).toBe(false);
  });
});
