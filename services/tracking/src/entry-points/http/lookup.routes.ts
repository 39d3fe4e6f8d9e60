/**
 * The citizen lookup: `/tra-cuu` (the page, `/tra-cuu/<code>` with the code filled in)
 * and `POST /v1/lookup` (code + last four digits of the phone in the body, never in the
 * URL). Guessing is slowed twice: per client address, and per dossier code whatever
 * address the guesses come from, so ten thousand digit combinations cannot be tried.
 * `POST /v1/lookup/download` gives an electronic result's download link the same way.
 */
import type { Response, Router } from 'express';
import { Type, type Static } from '@sinclair/typebox';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { formatVietnamDateTime, returnChannelLabel, statusLabel } from '@motcua/documents';
import { AppError, notFound } from '@motcua/errors';
import { apiRouter } from '@motcua/runtime';
import type { ServiceStore } from '@motcua/storage';
import { findViewByCode } from '../../data-access/tracking.store';
import { citizenLookupAnswer, electronicResultOf, phoneDigitsMatch, type CitizenLookupAnswer, type DownloadLinkIssuer, type LookupNames } from '../../domain/citizen-lookup.rules';
import type { DossierView } from '../../domain/dossier-view.entity';
import { lookupPageContentSecurityPolicy, lookupPageHtml, lookupPageScript } from './lookup.page';

export const LookupErrors = {
  NO_MATCH: 'TRACKING.LOOKUP_NO_MATCH',
  RATE_LIMITED: 'TRACKING.LOOKUP_RATE_LIMITED',
  NOT_DOWNLOADABLE: 'TRACKING.LOOKUP_NOT_DOWNLOADABLE',
  DOWNLOAD_UNAVAILABLE: 'TRACKING.LOOKUP_DOWNLOAD_UNAVAILABLE',
} as const;

/** Dossier codes as the centres' templates make them (letters, digits, dashes). */
const DossierCode = Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9-]*$' });
export const LookupBodySchema = Type.Object({ code: DossierCode, phoneLast4: Type.String({ pattern: '^[0-9]{4}$', maxLength: 4 }) }, { additionalProperties: false });
/** Any text up to a bound: a link with a mistyped code still opens the page, with the field left empty. */
const PageCode = Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export interface LookupLimits {
  /** Lookups one client address may make per window. */
  perClient: number;
  /** Wrong answers one dossier code takes per window before it is locked until the window ends. */
  failuresPerCode: number;
  windowSeconds: number;
}

export interface LookupRouteOptions {
  names: LookupNames;
  limits: LookupLimits;
  issueDownloadLink: DownloadLinkIssuer;
}

/** What the page shows, in Vietnamese, next to the data. */
function withTexts(answer: CitizenLookupAnswer) {
  const { collection } = answer;
  const place = collection.place ? [collection.place.name, collection.place.address, collection.place.openingHours && `giờ mở cửa ${collection.place.openingHours}`].filter(Boolean).join(', ') : undefined;
  let instructions: string;
  if (answer.status === 'RETURNED') instructions = 'Kết quả đã được trả.';
  else if (answer.status === 'WITHDRAWN') instructions = 'Hồ sơ đã được rút theo đề nghị của ông/bà.';
  else if (collection.fellBackToCounter) instructions = `Bưu chính không giao được kết quả. Mời ông/bà nhận tại ${place ?? 'Bộ phận Một cửa'}.`;
  else if (collection.channel === 'electronic') instructions = collection.downloadable ? 'Kết quả điện tử đã sẵn sàng: bấm “Tải kết quả”.' : 'Khi có kết quả, ông/bà tải bản điện tử trên trang này.';
  else if (collection.channel === 'postal_home') instructions = 'Bưu chính chuyển kết quả đến địa chỉ ông/bà đã đăng ký.';
  else if (collection.channel === 'postal_point') instructions = `Nhận tại điểm bưu chính công ích ${place ?? ''}; mang theo mã nhận đã gửi qua tin nhắn.`.replace(' ;', ';');
  else instructions = `${answer.status === 'RESULT_READY' || answer.status === 'REJECTED' ? 'Mời ông/bà mang giấy tiếp nhận đến nhận' : 'Khi có kết quả, mời ông/bà nhận'} tại ${place ?? 'Bộ phận Một cửa'}.`;
  return {
    ...answer,
    statusText: statusLabel(answer.status),
    ...(answer.appointmentAt ? { appointmentText: formatVietnamDateTime(answer.appointmentAt) } : {}),
    collection: { ...collection, channelText: returnChannelLabel(collection.channel), instructions },
  };
}

const rateLimited = (res: Response, error: RateLimiterRes, what: string): AppError => {
  const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
  res.set('Retry-After', String(seconds));
  return new AppError(LookupErrors.RATE_LIMITED, 'transient', `too many lookups ${what}; try again in ${seconds} s`, { status: 429, retryable: true });
};

export function lookupRoutes(store: ServiceStore, options: LookupRouteOptions): Router {
  const api = apiRouter();
  const { limits } = options;
  const perClient = new RateLimiterMemory({ keyPrefix: 'lookup-client', points: limits.perClient, duration: limits.windowSeconds });
  const failuresPerCode = new RateLimiterMemory({ keyPrefix: 'lookup-code', points: limits.failuresPerCode, duration: limits.windowSeconds });

  /** The dossier, when the code and digits match and neither limit is spent; one answer for every kind of miss. */
  const matched = async ({ code, phoneLast4 }: Static<typeof LookupBodySchema>, ip: string | undefined, res: Response): Promise<DossierView> => {
    try {
      await perClient.consume(ip ?? 'unknown');
    } catch (error) {
      if (error instanceof RateLimiterRes) throw rateLimited(res, error, 'from this address');
      throw error;
    }
    const codeKey = code.toUpperCase();
    const spent = await failuresPerCode.get(codeKey);
    if (spent && spent.remainingPoints <= 0) throw rateLimited(res, spent, 'for this dossier code');
    // Codes are printed in capitals; a citizen may type them in lower case.
    const view = (await findViewByCode(store, code)) ?? (code === codeKey ? undefined : await findViewByCode(store, codeKey));
    if (!view || !phoneDigitsMatch(view, phoneLast4)) {
      await failuresPerCode.penalty(codeKey, 1);
      throw notFound(LookupErrors.NO_MATCH, 'no dossier matches this code and these digits');
    }
    return view;
  };

  const page = { description: 'an HTML page', contentTypes: ['text/html; charset=utf-8'] };
  /** The citizen has no account: the code and the phone's last digits are the check, rate-limited. */
  const citizen = { public: 'the citizen\'s lookup: the dossier code and the last four phone digits are checked, with rate limits' } as const;
  api.get({ path: '/tra-cuu', summary: 'The citizen lookup page', access: citizen, responses: { 200: page } }, ({ res }) => {
    res.set('content-security-policy', lookupPageContentSecurityPolicy).type('text/html; charset=utf-8').send(lookupPageHtml(''));
  });
  api.get({ path: '/tra-cuu/:code', summary: 'The citizen lookup page with the code filled in (the SMS and receipt link)', access: citizen, params: PageCode, responses: { 200: page } }, ({ params, res }) => {
    res.set('content-security-policy', lookupPageContentSecurityPolicy).type('text/html; charset=utf-8').send(lookupPageHtml(/^[A-Za-z0-9-]{1,40}$/.test(params.code) ? params.code : ''));
  });
  api.get({ path: '/tra-cuu.js', summary: 'The lookup page\'s script', access: citizen, responses: { 200: { description: 'JavaScript', contentTypes: ['text/javascript; charset=utf-8'] } } }, ({ res }) => {
    res.type('text/javascript; charset=utf-8').set('cache-control', 'no-cache').send(lookupPageScript);
  });
  const limited = 'Rate-limited per client address and per dossier code (429 with Retry-After); every kind of miss is the same 404 TRACKING.LOOKUP_NO_MATCH.';
  api.post(
    { path: '/v1/lookup', summary: 'A citizen looks a dossier up: its code and the last four digits of the phone', description: limited, access: citizen, body: LookupBodySchema, responses: { 200: { description: 'status, appointment and where to collect the result, nothing else' } } },
    async ({ body, req, res }) => {
      const view = await matched(body, req.ip, res);
      res.set('cache-control', 'no-store').json(withTexts(citizenLookupAnswer(view, options.names)));
    },
  );
  api.post(
    { path: '/v1/lookup/download', summary: 'The download link of an electronic result, by code and phone digits', description: limited, access: citizen, body: LookupBodySchema, responses: { 200: { description: '`url` and `expiresAt`' } } },
    async ({ body, req, res }) => {
      const view = await matched(body, req.ip, res);
      const resultId = electronicResultOf(view);
      if (!resultId) throw new AppError(LookupErrors.NOT_DOWNLOADABLE, 'conflict', `dossier ${view.code} has no electronic result to download`);
      let link: { url: string; expiresAt: string };
      try {
        link = await options.issueDownloadLink(resultId);
      } catch (error) {
        throw new AppError(LookupErrors.DOWNLOAD_UNAVAILABLE, 'transient', 'the result service did not issue a download link; try again shortly', { cause: error });
      }
      res.set('cache-control', 'no-store').json(link);
    },
  );
  return api.router;
}
