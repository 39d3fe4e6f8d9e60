/** Notifier settings, read once at start; a bad value stops start-up naming the variable. */
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';
import { AppError, ErrorCodes } from '@motcua/errors';
import type { TemplateId } from './domain/notification.entity';
import { alwaysOnTemplates, type TemplateSwitches } from './domain/template-switches.rules';
import { templateVersions } from './domain/templates';

const Url = Type.String({ format: 'uri' });
const Ms = (min: number, max: number, value: number) => Type.Integer({ minimum: min, maximum: max, default: value });

export const NotifierConfigSchema = Type.Object({
  /** Where a citizen looks a dossier up: tracking's lookup page; the code is appended as a path segment (`/tra-cuu/<code>`). */
  MOTCUA_LOOKUP_URL: Type.String({ format: 'uri', default: 'http://localhost:8086/tra-cuu' }),
  /**
   * SMS providers and their share of traffic: `log` (recorded in the store and the
   * log, no telco; the embedded edition's default), `kannel`, `http`, or several
   * with weights, e.g. `kannel:3,http:1`. Repeated errors shift traffic to the others.
   */
  NOTIFIER_SMS_PROVIDERS: Type.String({ pattern: '^(log|kannel|http)(:[0-9]{1,3})?(,(log|kannel|http)(:[0-9]{1,3})?)*$', default: 'log' }),
  /** Kannel smsbox `sendsms` endpoint, e.g. http://kannel:13013/cgi-bin/sendsms. */
  KANNEL_SENDSMS_URL: Type.Optional(Url),
  KANNEL_USERNAME: Type.Optional(Type.String({ minLength: 1 })),
  KANNEL_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  /** Sender id (brand name or short code) the SMSC shows; Kannel's `from`. */
  KANNEL_FROM: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
  /** Kannel `smsc` routing id, when smsbox serves more than one SMSC. */
  KANNEL_SMSC: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * bearerbox's admin interface (e.g. http://kannel:13000) and its admin or status
   * password. Set both and a message left in `sending` by a crash is reconciled
   * (NOTIFIER_SENDING_RECONCILE_MS) instead of only settled as technical-failure.
   */
  KANNEL_ADMIN_URL: Type.Optional(Url),
  KANNEL_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  /** How the gateway reaches this notifier: base of the delivery-report URL (`dlr-url`). */
  NOTIFIER_PUBLIC_URL: Type.Optional(Url),
  /** Key of the HMAC that signs each delivery-report URL; reports with a bad signature are refused with 401. */
  NOTIFIER_DLR_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  /** Generic HTTP JSON aggregator: where to POST, an `Name: value` auth header, the body's field names. */
  NOTIFIER_HTTP_SMS_URL: Type.Optional(Url),
  NOTIFIER_HTTP_SMS_AUTH_HEADER: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]+:\\s*\\S.*$' })),
  /** JSON: our field → the aggregator's, for `to`, `text`, `reference`, `encoding`, `from`; absent ones keep our name, `""` leaves one out. */
  NOTIFIER_HTTP_SMS_FIELDS: Type.String({ default: '{}' }),
  /** JSON: the value sent in the encoding field for `gsm7` and `ucs2`. */
  NOTIFIER_HTTP_SMS_ENCODING_VALUES: Type.String({ default: '{"gsm7":"gsm7","ucs2":"ucs2"}' }),
  /** HTTP statuses meaning "accepted". */
  NOTIFIER_HTTP_SMS_SUCCESS_CODES: Type.String({ pattern: '^[1-5][0-9]{2}(,[1-5][0-9]{2})*$', default: '200,201,202' }),
  /** Dotted path of the provider's message id in the JSON answer (our reference when absent). */
  NOTIFIER_HTTP_SMS_ID_FIELD: Type.Optional(Type.String({ minLength: 1 })),
  NOTIFIER_HTTP_SMS_FROM: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
  /** A provider call that has not answered by then has an unknown outcome: the message is not resent, the sweep settles it. */
  NOTIFIER_SMS_TIMEOUT_MS: Ms(100, 120_000, 10_000),
  /** Submissions tried before a message the providers keep refusing ends `technical-failure`. */
  NOTIFIER_SMS_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 50, default: 8 }),
  /** First retry delay; doubles per attempt up to NOTIFIER_SMS_RETRY_MAX_MS. */
  NOTIFIER_SMS_RETRY_INITIAL_MS: Ms(10, 3_600_000, 30_000),
  NOTIFIER_SMS_RETRY_MAX_MS: Ms(10, 86_400_000, 1_800_000),
  /** Consecutive errors after which a provider gets no traffic for the cool-down, then drifts back over the drift period. */
  NOTIFIER_SMS_FAILOVER_AFTER: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
  NOTIFIER_SMS_FAILOVER_COOLDOWN_MS: Ms(10, 86_400_000, 60_000),
  NOTIFIER_SMS_FAILOVER_DRIFT_MS: Ms(10, 86_400_000, 300_000),
  /** How often the sweep looks for stuck messages, and how long one may sit in `sending` before it is settled. */
  NOTIFIER_SWEEP_INTERVAL_MS: Ms(10, 3_600_000, 60_000),
  NOTIFIER_SENDING_STUCK_MS: Ms(10, 86_400_000, 900_000),
  /**
   * With a gateway that can reconcile (Kannel with KANNEL_ADMIN_URL): a message left in
   * `sending` this long with no report, and not in the gateway's store, never went out
   * and is submitted again. Must exceed the gateway's callback retry span (Kannel:
   * smsbox `http-request-retry` × `http-queue-delay`, plus its timeouts) and stay below
   * NOTIFIER_SENDING_STUCK_MS. A notifier unreachable for longer than that span while a
   * report was due can still cause a second text.
   */
  NOTIFIER_SENDING_RECONCILE_MS: Ms(10, 86_400_000, 120_000),
  /** Who carries postal results: `simulator` (in-process, driven over HTTP; the embedded edition's default) or `http` (the operator's API). */
  NOTIFIER_POSTAL_OPERATOR: Type.Union([Type.Literal('simulator'), Type.Literal('http')], { default: 'simulator' }),
  /** The operator's booking API base (`POST <url>/pickups`) and its key (sent as a bearer token). */
  NOTIFIER_POSTAL_OPERATOR_URL: Type.Optional(Url),
  NOTIFIER_POSTAL_OPERATOR_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * Key of the HMAC on the operator's status callbacks. Unset on a SQLite store:
   * generated once in MOTCUA_DATA_DIR (postal-callback.secret). Checked by hand, never echoed.
   */
  NOTIFIER_POSTAL_CALLBACK_SECRET: Type.Optional(Type.String()),
  /** How far a callback's timestamp may be from our clock before it is refused as a replay. */
  NOTIFIER_POSTAL_CALLBACK_TOLERANCE_S: Type.Integer({ minimum: 10, maximum: 3600, default: 300 }),
  /** Booking calls before the pickup is given up and the result goes to the counter. */
  NOTIFIER_POSTAL_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 50, default: 6 }),
  NOTIFIER_POSTAL_RETRY_INITIAL_MS: Ms(10, 3_600_000, 60_000),
  NOTIFIER_POSTAL_RETRY_MAX_MS: Ms(10, 86_400_000, 1_800_000),
  NOTIFIER_POSTAL_TIMEOUT_MS: Ms(100, 120_000, 10_000),
  /** The postal points registry (see `motcua postal-points import`); the shipped sample when unset. */
  NOTIFIER_POSTAL_POINTS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * Citizen texts switched off for every centre: template ids, comma-separated, e.g.
   * `extended,withdrawn`. Ids: receipt, supplement_requested, extended, withdrawn,
   * result_ready, rejected, postal_failed_counter (postal_booked carries the pickup
   * code and cannot be switched off). An event whose text is off records a
   * `suppressed` notification and sends nothing, even if the switch is turned back on.
   * Environment variables rather than a data file: the other SMS settings live here,
   * and two short lists read at a glance in the deployment's environment.
   */
  NOTIFIER_TEMPLATES_OFF: Type.String({ default: '' }),
  /**
   * Texts switched off for one centre: `<centre id>:<template>[,<template>…]`, centres
   * separated by `;`, e.g. `hue-kim-long:receipt;hue-phong-dien:extended,withdrawn`.
   * Centre ids are the catalogue's; an unknown one stops start-up.
   */
  NOTIFIER_CENTRE_TEMPLATES_OFF: Type.String({ default: '' }),
  /**
   * SMS per minute per centre (a token bucket holding a minute's worth, so a burst of
   * that many goes at once) and per Vietnam calendar day. Over either, messages wait
   * (`heldBy` on the notification) and go when allowed: held, never dropped.
   */
  NOTIFIER_RATE_PER_MINUTE_PER_CENTRE: Type.Integer({ minimum: 1, maximum: 100_000, default: 60 }),
  NOTIFIER_DAILY_CAP_PER_CENTRE: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 5000 }),
});

export type NotifierConfig = Static<typeof NotifierConfigSchema>;

export type SmsProviderName = 'log' | 'kannel' | 'http';

export interface ProviderWeight {
  name: SmsProviderName;
  weight: number;
}

export function providerWeights(config: NotifierConfig): ProviderWeight[] {
  return config.NOTIFIER_SMS_PROVIDERS.split(',').map((entry) => {
    const [name, weight] = entry.split(':');
    return { name: name as SmsProviderName, weight: weight === undefined ? 1 : Number(weight) };
  });
}

function invalid(variable: string, message: string): AppError {
  return new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `invalid configuration: ${variable}: ${message}`, { fields: [{ path: variable, message }] });
}

function jsonObject(config: NotifierConfig, variable: 'NOTIFIER_HTTP_SMS_FIELDS' | 'NOTIFIER_HTTP_SMS_ENCODING_VALUES'): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(config[variable]);
  } catch (error) {
    throw invalid(variable, `not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string' && typeof v !== 'number')) {
    throw invalid(variable, 'must be a JSON object of strings or numbers');
  }
}

function templateList(variable: string, list: string): Set<TemplateId> {
  const known = Object.keys(templateVersions);
  const ids = list.split(',').map((id) => id.trim());
  for (const id of ids) {
    if (!known.includes(id)) throw invalid(variable, `unknown template "${id}" (known: ${known.join(', ')})`);
    if (alwaysOnTemplates.has(id as TemplateId)) throw invalid(variable, `${id} carries the pickup code the citizen needs and cannot be switched off`);
  }
  return new Set(ids as TemplateId[]);
}

/**
 * The template switches, checked against the templates and, when given, the
 * catalogue's centres (known only once the catalogue is loaded).
 */
export function templateSwitches(config: NotifierConfig, centreIds?: ReadonlySet<string>): TemplateSwitches {
  const off = config.NOTIFIER_TEMPLATES_OFF.trim() ? templateList('NOTIFIER_TEMPLATES_OFF', config.NOTIFIER_TEMPLATES_OFF) : new Set<TemplateId>();
  const offByCentre = new Map<string, Set<TemplateId>>();
  const variable = 'NOTIFIER_CENTRE_TEMPLATES_OFF';
  for (const entry of config.NOTIFIER_CENTRE_TEMPLATES_OFF.split(';').map((e) => e.trim()).filter(Boolean)) {
    const [centreId, templates, ...extra] = entry.split(':').map((part) => part.trim());
    if (!centreId || !templates || extra.length > 0) throw invalid(variable, `"${entry}" is not <centre id>:<template>[,<template>…]`);
    if (centreIds && !centreIds.has(centreId)) throw invalid(variable, `unknown centre "${centreId}" (not in the catalogue)`);
    if (offByCentre.has(centreId)) throw invalid(variable, `centre "${centreId}" is listed twice`);
    offByCentre.set(centreId, templateList(variable, templates));
  }
  return { off, offByCentre };
}

export function loadNotifierConfig(env: Record<string, string | undefined> = process.env): NotifierConfig {
  const config = loadConfig(NotifierConfigSchema, env);
  const providers = providerWeights(config);
  const names = providers.map((p) => p.name);
  if (new Set(names).size !== names.length) throw invalid('NOTIFIER_SMS_PROVIDERS', 'a provider is named twice');
  if (providers.every((p) => p.weight === 0)) throw invalid('NOTIFIER_SMS_PROVIDERS', 'at least one provider needs a weight above 0');
  const required = (variable: keyof NotifierConfig, when: string): void => {
    if (config[variable] === undefined) throw invalid(variable, `required when ${when}`);
  };
  if (names.includes('kannel')) {
    for (const variable of ['KANNEL_SENDSMS_URL', 'KANNEL_USERNAME', 'KANNEL_PASSWORD', 'NOTIFIER_PUBLIC_URL', 'NOTIFIER_DLR_SECRET'] as const) required(variable, 'NOTIFIER_SMS_PROVIDERS includes kannel');
  }
  if (names.includes('http')) {
    required('NOTIFIER_HTTP_SMS_URL', 'NOTIFIER_SMS_PROVIDERS includes http');
    jsonObject(config, 'NOTIFIER_HTTP_SMS_FIELDS');
    jsonObject(config, 'NOTIFIER_HTTP_SMS_ENCODING_VALUES');
  }
  if (config.NOTIFIER_POSTAL_OPERATOR === 'http') {
    required('NOTIFIER_POSTAL_OPERATOR_URL', 'NOTIFIER_POSTAL_OPERATOR=http');
    required('NOTIFIER_POSTAL_OPERATOR_API_KEY', 'NOTIFIER_POSTAL_OPERATOR=http');
  }
  if (config.NOTIFIER_POSTAL_RETRY_MAX_MS < config.NOTIFIER_POSTAL_RETRY_INITIAL_MS) throw invalid('NOTIFIER_POSTAL_RETRY_MAX_MS', 'must not be below NOTIFIER_POSTAL_RETRY_INITIAL_MS');
  if (names.includes('kannel') && (config.KANNEL_ADMIN_URL === undefined) !== (config.KANNEL_ADMIN_PASSWORD === undefined)) {
    throw invalid(config.KANNEL_ADMIN_URL === undefined ? 'KANNEL_ADMIN_URL' : 'KANNEL_ADMIN_PASSWORD', 'KANNEL_ADMIN_URL and KANNEL_ADMIN_PASSWORD go together');
  }
  if (config.NOTIFIER_SENDING_RECONCILE_MS >= config.NOTIFIER_SENDING_STUCK_MS) throw invalid('NOTIFIER_SENDING_RECONCILE_MS', 'must be below NOTIFIER_SENDING_STUCK_MS');
  if (config.NOTIFIER_SMS_RETRY_MAX_MS < config.NOTIFIER_SMS_RETRY_INITIAL_MS) throw invalid('NOTIFIER_SMS_RETRY_MAX_MS', 'must not be below NOTIFIER_SMS_RETRY_INITIAL_MS');
  // Template ids are checked here already; centre ids once the catalogue is loaded.
  templateSwitches(config);
  return config;
}
