/**
 * `Idempotency-Key` for every POST (DESIGN.md §7): an integrator that retries after a
 * timeout gets the first answer again instead of a second dossier. The first request
 * with a key claims it (an in-progress record, unique per scope), runs the route and
 * records the status and body before they are sent; a repeat with the same body is
 * answered from the record, with a different body it is refused, and while the first
 * is still running it is told to come back (so one key yields one effect).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { AppError, ErrorCodes, isAppError } from '@motcua/errors';
import type { Logger } from '@motcua/observability';
import type { CollectionSpec, ServiceStore, Tx } from '@motcua/storage';
import { principalOf } from './authentication.middleware';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

export const IdempotencyKeysCollection: CollectionSpec = {
  name: 'idempotency_keys',
  indexes: [{ fields: ['scope'], unique: true }],
};

export interface IdempotencyOptions {
  store: ServiceStore;
  logger: Logger;
  /** How long a key is remembered; after that the same key is a new request. */
  ttlMs: number;
  clock?: () => Date;
  /**
   * An in-progress record older than this belongs to a request whose process died
   * mid-way; a retry may take it over rather than wait until the key expires.
   */
  staleAfterMs?: number;
}

interface StoredResponse {
  status: number;
  /** The response text exactly as sent (all routes answer JSON or problem+json). */
  body: string;
  /** The headers a replay must repeat for the client to read it the same way. */
  headers: Record<string, string>;
}

interface IdempotencyRecord {
  id: string;
  scope: string;
  requestHash: string;
  state: 'in_progress' | 'completed';
  startedAt: string;
  /** When the key's current life began: its first claim, kept through takeovers of requests that died (startedAt is the latest). */
  since?: string;
  expiresAt: string;
  response?: StoredResponse;
}

type Claim = { kind: 'claimed'; record: IdempotencyRecord; since: string } | { kind: 'replay'; response: StoredResponse } | { kind: 'reused' } | { kind: 'in_progress' };

/** 1–255 visible ASCII characters: what fits in a header unchanged and in an index. */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'location'];
const DEFAULT_STALE_AFTER_MS = 60_000;

/**
 * JSON with object keys sorted at every level: `{"a":1,"b":2}` and `{"b":2,"a":1}`
 * are the same request, so they must hash the same. Bodies come from JSON.parse,
 * so only plain JSON values occur here.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestBodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** Where a key is unique: per caller (later), method and request path. */
export function idempotencyScope(parts: { principal?: string; method: string; path: string; key: string }): string {
  return JSON.stringify([parts.principal ?? null, parts.method, parts.path, parts.key]);
}

/**
 * Whose key it is: two callers choosing the same key never see each other's answers.
 * An integrator's keys are theirs across key rotations; anonymous callers share one scope.
 */
function callerLabel(res: Response): string | undefined {
  const principal = principalOf(res);
  if (!principal) return undefined;
  return principal.kind === 'officer' ? `officer:${principal.id}` : `integrator:${principal.integratorId}`;
}

export function idempotencyMiddleware(options: IdempotencyOptions): RequestHandler {
  const clock = options.clock ?? (() => new Date());
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const logger = options.logger.child({ component: 'idempotency' });
  const keys = (tx: Pick<Tx, 'collection'>) => tx.collection<IdempotencyRecord>(IdempotencyKeysCollection);

  const claim = (scope: string, requestHash: string): Promise<Claim> =>
    options.store.unitOfWork.run(async (tx) => {
      const now = clock();
      const fresh: IdempotencyRecord = {
        id: randomUUID(),
        scope,
        requestHash,
        state: 'in_progress',
        startedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + options.ttlMs).toISOString(),
      };
      const existing = await keys(tx).findOne({ scope });
      if (!existing) {
        await keys(tx).insert(fresh);
        return { kind: 'claimed', record: fresh, since: fresh.startedAt };
      }
      const expired = now.getTime() >= Date.parse(existing.expiresAt);
      const stale = existing.state === 'in_progress' && now.getTime() - Date.parse(existing.startedAt) >= staleAfterMs;
      if (expired || stale) {
        // Taking over from a request that died (maybe itself a takeover that died): what any of them committed belongs to this key too.
        const since = expired ? fresh.startedAt : (existing.since ?? existing.startedAt);
        const takenOver = { ...fresh, id: existing.id, since };
        await keys(tx).replace(takenOver);
        return { kind: 'claimed', record: takenOver, since };
      }
      if (existing.requestHash !== requestHash) return { kind: 'reused' };
      if (existing.state === 'in_progress' || !existing.response) return { kind: 'in_progress' };
      return { kind: 'replay', response: existing.response };
    });

  /** Records the answer before it leaves, so a client that saw it can count on the replay. */
  const settle = async (record: IdempotencyRecord, response: StoredResponse): Promise<void> => {
    await options.store.unitOfWork.run(async (tx) => {
      // A 5xx may have changed nothing or half of something: releasing the key lets the retry run again.
      if (response.status >= 500) await keys(tx).delete(record.id);
      else await keys(tx).replace({ ...record, state: 'completed', response });
    });
  };

  return async (req, res, next) => {
    if (req.method !== 'POST') return next();
    const key = req.get(IDEMPOTENCY_KEY_HEADER);
    if (key === undefined) return next();
    if (!VALID_KEY.test(key)) {
      return next(new AppError(ErrorCodes.IDEMPOTENCY_KEY_INVALID, 'validation', `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 visible ASCII characters`));
    }
    const scope = idempotencyScope({ principal: callerLabel(res), method: req.method, path: req.path, key });
    const requestHash = requestBodyHash(req.body);

    let outcome: Claim;
    try {
      outcome = await claim(scope, requestHash);
    } catch (error) {
      // Two stores racing past findOne (MongoDB): the unique index let one win, and it is still running.
      if (isAppError(error) && error.code === ErrorCodes.STORAGE_DUPLICATE_KEY) outcome = { kind: 'in_progress' };
      else return next(error);
    }

    switch (outcome.kind) {
      case 'reused':
        return next(new AppError(ErrorCodes.IDEMPOTENCY_KEY_REUSED, 'permanent', `${IDEMPOTENCY_KEY_HEADER} was already used with a different request body`));
      case 'in_progress':
        res.set('Retry-After', '1');
        return next(new AppError(ErrorCodes.IDEMPOTENCY_KEY_IN_PROGRESS, 'conflict', `a request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry later`));
      case 'replay':
        replay(res, outcome.response);
        return;
      case 'claimed':
        res.locals[SINCE_LOCAL] = outcome.since;
        captureResponse(res, (response) => settle(outcome.record, response), logger);
        return next();
    }
  };
}

const SINCE_LOCAL = 'idempotencyKeySince';

/**
 * The request's `Idempotency-Key` and since when this key has stood for this request
 * (its first claim, or that of a request that died holding it). A use case that creates
 * something records the key, so a retry that runs again after a crash between its
 * commit and the answer's record finds what was created since then instead of creating
 * it twice. Undefined without a key.
 */
export function idempotentRequestOf(req: Request, res: Response): { key: string; since: string } | undefined {
  const key = req.get(IDEMPOTENCY_KEY_HEADER);
  const since = res.locals[SINCE_LOCAL] as string | undefined;
  return key !== undefined && since !== undefined ? { key, since } : undefined;
}

function replay(res: Response, stored: StoredResponse): void {
  res.status(stored.status).set(stored.headers).set(IDEMPOTENT_REPLAYED_HEADER, 'true').send(stored.body);
}

/**
 * Wraps `res.send`, which both `res.json` (the routes) and the problem handler (the
 * refusals) end in, so every answer is recorded, and holds the send until it is.
 */
function captureResponse(res: Response, record: (response: StoredResponse) => Promise<void>, logger: Logger): void {
  const send = res.send.bind(res);
  let captured = false;
  res.send = ((body?: unknown) => {
    // `res.send(object)` calls `res.json`, which comes back here with the text: record that call.
    const becomesJson = (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) || typeof body === 'number' || typeof body === 'boolean';
    if (captured || becomesJson) return send(body);
    captured = true;
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = res.get(name);
      if (value !== undefined) headers[name] = value;
    }
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
    void record({ status: res.statusCode, body: text, headers })
      .catch((error: unknown) => {
        // The answer still goes out; the key stays in progress until it goes stale and a retry takes it over.
        logger.warn({ err: error, status: res.statusCode }, 'idempotency record not saved');
      })
      .then(() => {
        try {
          send(body);
        } catch (error) {
          logger.error({ err: error }, 'response not sent after idempotency record');
        }
      });
    return res;
  }) as Response['send'];
}
