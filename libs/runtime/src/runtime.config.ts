/**
 * Configuration shared by every service process: which bus and store, where they
 * are, ports, logging. Read once at start by `loadRuntimeConfig`; nothing else
 * reads process.env. A bad value stops start-up naming the variable.
 */
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';
import { AppError, ErrorCodes } from '@motcua/errors';
import type { ServiceName } from '@motcua/contracts';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });

export const RuntimeConfigSchema = Type.Object({
  MOTCUA_BUS: Type.Union([Type.Literal('embedded'), Type.Literal('kafka')], { default: 'embedded' }),
  MOTCUA_STORE: Type.Union([Type.Literal('sqlite'), Type.Literal('mongo')], { default: 'sqlite' }),
  MOTCUA_DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  MOTCUA_SQLITE_PATH: Type.Optional(Type.String({ minLength: 1 })),
  MOTCUA_HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  MOTCUA_PUBLIC_HOST: Type.String({ minLength: 1, default: 'localhost' }),
  KAFKA_BROKERS: Type.Optional(Type.String({ pattern: '^[^,\\s]+(,[^,\\s]+)*$' })),
  KAFKA_CLIENT_ID: Type.String({ minLength: 1, default: 'motcua' }),
  KAFKA_ADMIN_TOPICS: Type.Boolean({ default: true }),
  KAFKA_IDEMPOTENT: Type.Boolean({ default: true }),
  KAFKA_PARTITIONS: Type.Integer({ minimum: 1, maximum: 1000, default: 6 }),
  KAFKA_REPLICATION_FACTOR: Type.Integer({ minimum: 1, maximum: 10, default: 1 }),
  KAFKA_SESSION_TIMEOUT_MS: Type.Integer({ minimum: 3000, maximum: 300000, default: 30000 }),
  MONGO_URL: Type.Optional(Type.String({ pattern: '^mongodb(\\+srv)?://' })),
  MONGO_DB_PREFIX: Type.String({ pattern: '^[a-z0-9_]+$', default: 'motcua_' }),
  BUS_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  BUS_RETRY_INITIAL_MS: Type.Integer({ minimum: 1, maximum: 60000, default: 200 }),
  BUS_RETRY_MAX_MS: Type.Integer({ minimum: 1, maximum: 600000, default: 10000 }),
  EMBEDDED_PARTITIONS: Type.Integer({ minimum: 1, maximum: 64, default: 4 }),
  IDEMPOTENCY_TTL_HOURS: Type.Number({ exclusiveMinimum: 0, maximum: 720, default: 24 }),
  OUTBOX_POLL_MS: Type.Integer({ minimum: 10, maximum: 60000, default: 1000 }),
  TIMER_POLL_MS: Type.Integer({ minimum: 10, maximum: 60000, default: 1000 }),
  /** Demo/test clock: a JSON file { "offsetMs": n } shifting every process's clock (see clock.ts). Unset: the system clock. */
  MOTCUA_CLOCK_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** Officer tokens, RS256: the identity provider's JWKS URL… */
  AUTH_JWT_JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** …or its public key (PEM text), or a file holding it. */
  AUTH_JWT_PUBLIC_KEY: Type.Optional(Type.String({ pattern: '-----BEGIN PUBLIC KEY-----' })),
  AUTH_JWT_PUBLIC_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** Embedded edition only: the HS256 secret (≥ 32 bytes). Unset there: one is generated into MOTCUA_DATA_DIR/dev-jwt-secret. */
  AUTH_JWT_HS256_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** Required `iss` and `aud` of officer tokens, when set. */
  AUTH_JWT_ISSUER: Type.Optional(Type.String({ minLength: 1 })),
  AUTH_JWT_AUDIENCE: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  INTAKE_PORT: Type.Optional(Port),
  PROCESSING_PORT: Type.Optional(Port),
  SIGNING_PORT: Type.Optional(Port),
  RETURN_PORT: Type.Optional(Port),
  NOTIFIER_PORT: Type.Optional(Port),
  TRACKING_PORT: Type.Optional(Port),
});

export type RuntimeConfig = Static<typeof RuntimeConfigSchema>;

export const defaultPorts: Record<ServiceName, number> = {
  intake: 8081,
  processing: 8082,
  signing: 8083,
  return: 8084,
  notifier: 8085,
  tracking: 8086,
};

export function portOf(config: RuntimeConfig, service: ServiceName): number {
  const key = `${service.toUpperCase()}_PORT` as keyof RuntimeConfig;
  return (config[key] as number | undefined) ?? defaultPorts[service];
}

export function loadRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const config = loadConfig(RuntimeConfigSchema, env);
  if (config.MOTCUA_BUS === 'kafka' && !config.KAFKA_BROKERS) {
    throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', 'invalid configuration: KAFKA_BROKERS: required when MOTCUA_BUS=kafka', {
      fields: [{ path: 'KAFKA_BROKERS', message: 'required when MOTCUA_BUS=kafka' }],
    });
  }
  if (config.MOTCUA_STORE === 'mongo' && !config.MONGO_URL) {
    throw new AppError(ErrorCodes.CONFIG_INVALID, 'validation', 'invalid configuration: MONGO_URL: required when MOTCUA_STORE=mongo', {
      fields: [{ path: 'MONGO_URL', message: 'required when MOTCUA_STORE=mongo' }],
    });
  }
  checkAuthConfig(config);
  return config;
}

const invalidAuth = (variable: string, message: string): AppError =>
  new AppError(ErrorCodes.CONFIG_INVALID, 'validation', `invalid configuration: ${variable}: ${message}`, { fields: [{ path: variable, message }] });

/** One source of officer-token keys; HS256 only in the embedded edition, an RS256 key required in the cluster edition. */
function checkAuthConfig(config: RuntimeConfig): void {
  const sources = (['AUTH_JWT_JWKS_URL', 'AUTH_JWT_PUBLIC_KEY', 'AUTH_JWT_PUBLIC_KEY_FILE', 'AUTH_JWT_HS256_SECRET'] as const).filter((name) => config[name] !== undefined);
  if (sources.length > 1) throw invalidAuth(sources[1] as string, `set one source of officer-token keys, not ${sources.join(' and ')}`);
  if (config.MOTCUA_BUS === 'embedded') return;
  if (sources[0] === 'AUTH_JWT_HS256_SECRET') throw invalidAuth('AUTH_JWT_HS256_SECRET', 'HS256 is for the embedded edition only; the cluster edition verifies RS256 tokens (AUTH_JWT_JWKS_URL or AUTH_JWT_PUBLIC_KEY)');
  if (sources.length === 0) throw invalidAuth('AUTH_JWT_JWKS_URL', 'required when MOTCUA_BUS=kafka (or AUTH_JWT_PUBLIC_KEY / AUTH_JWT_PUBLIC_KEY_FILE): officers sign in through the identity provider');
}
