/** Ops API for dead letters: list per consumer group, replay one or all, discard with a reason, and the audit log. */
import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { asOfficer, type Principal } from '@motcua/auth';
import { officerFromToken, type Catalogue, type Officer } from '@motcua/catalogue';
import { maskText } from '@motcua/observability';
import { apiRouter, pageQuery, type Clock } from '@motcua/runtime';
import {
  assertOps,
  deadLetterStatuses,
  discardDeadLetter,
  listDeadLetters,
  replayAllDeadLetters,
  replayDeadLetter,
  type DeadLetterDeps,
} from '../../domain/dead-letters.use-cases';
import { deadLetterView } from './dead-letter.mapper';

/** A consumer group name as a dead-letter topic accepts it (contracts' dlqTopic). */
const GroupName = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 200 });

export const DeadLetterListQuerySchema = Type.Object(
  {
    group: Type.Optional(GroupName),
    status: Type.Union(deadLetterStatuses.map((status) => Type.Literal(status)), { default: 'pending' }),
  },
  { additionalProperties: false },
);

export const DeadLetterPositionSchema = Type.Object(
  { group: GroupName, partition: Type.Integer({ minimum: 0, maximum: 100_000 }), offset: Type.String({ pattern: '^[0-9]{1,19}$', maxLength: 19 }) },
  { additionalProperties: false },
);
export const DeadLetterGroupSchema = Type.Object({ group: GroupName }, { additionalProperties: false });
export const DiscardBodySchema = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000 }) }, { additionalProperties: false });
export const AuditQuerySchema = Type.Object(
  {
    group: Type.Optional(GroupName),
    ...pageQuery(500, 100),
  },
  { additionalProperties: false },
);

export interface DeadLetterRouteDeps {
  catalogue: Catalogue;
  useCases: Omit<DeadLetterDeps, 'clock' | 'newId'>;
  clock: Clock;
}

export function deadLetterRoutes(deps: DeadLetterRouteDeps) {
  const api = apiRouter();
  const useCases: DeadLetterDeps = { ...deps.useCases, clock: deps.clock, newId: randomUUID };
  const ops = (principal: Principal): Officer => {
    const officer = officerFromToken(deps.catalogue, asOfficer(principal));
    assertOps(officer);
    return officer;
  };
  const access = { officers: ['ops'] } as const;
  const actionAnswer = { 200: { description: 'what was done; the action is in the audit log' } };

  api.get({ path: '/v1/dead-letters', summary: 'Dead letters per consumer group, payloads masked', access, query: DeadLetterListQuerySchema, responses: { 200: { description: '`items`, `total`' } } }, async ({ query, principal, res }) => {
    ops(principal);
    const items = (await listDeadLetters(useCases, query)).map(deadLetterView);
    res.json({ items, total: items.length, status: query.status, ...(query.group ? { group: query.group } : {}) });
  });
  api.get({ path: '/v1/dead-letters/audit', summary: 'Who replayed or discarded what', access, query: AuditQuerySchema, responses: { 200: { description: 'a page of actions' } } }, async ({ query, principal, res }) => {
    ops(principal);
    const page = await useCases.actions.page(query);
    res.json({ ...page, limit: query.limit, offset: query.offset });
  });
  api.post({ path: '/v1/dead-letters/:group/replay-all', summary: 'Replay every pending dead letter of a group', access, params: DeadLetterGroupSchema, responses: actionAnswer }, async ({ params, principal, res }) => {
    res.json(await replayAllDeadLetters(useCases, ops(principal), params.group));
  });
  api.post(
    { path: '/v1/dead-letters/:group/:partition/:offset/replay', summary: 'Replay one dead letter', access, params: DeadLetterPositionSchema, responses: actionAnswer },
    async ({ params, principal, res }) => {
      res.json(await replayDeadLetter(useCases, ops(principal), params.group, params.partition, params.offset));
    },
  );
  api.post(
    { path: '/v1/dead-letters/:group/:partition/:offset/discard', summary: 'Discard one dead letter, with a reason', access, params: DeadLetterPositionSchema, body: DiscardBodySchema, responses: actionAnswer },
    async ({ params, body, principal, res }) => {
      // Free text typed by a person: masked before it is stored, like everything else on ops screens.
      res.json(await discardDeadLetter(useCases, ops(principal), params.group, params.partition, params.offset, maskText(body.reason)));
    },
  );
  return api.router;
}
