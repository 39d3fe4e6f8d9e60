/**
 * Live demo traffic (`motcua start --demo`): simulated citizens submit dossiers at the
 * main counters and on the portal, and simulated specialists, leaders and reception
 * officers work them through the public HTTP APIs — approve (now and then ask for a
 * supplement, which the citizen brings, or reject), sign, hand over at the counter or
 * issue the electronic download link — so a newcomer sees dossiers move through every
 * state within a minute. Every person it invents is marked as sample data.
 *
 * It acts exactly as people at the counters would: the same routes, each officer with
 * their own token and the portal with its API key (traffic-credentials.ts), the same refusals when it is too early (a work item not yet assigned is
 * simply tried again on a later tick). Like a careful integrator it sends every POST
 * with an `Idempotency-Key` and repeats it unchanged when the answer was lost (a
 * service restarting), so the chaos run (chaos.ts) can drive it while services are
 * killed: a repeated request is answered from the first, never done twice.
 *
 * The benchmark (`npm run bench`) drives the same people harder: citizens arrive open
 * loop at a set rate however far behind the system is, officers act without delay and
 * several at once, and every submission and return is reported to the caller.
 */
import { findProcedure, officersOf, type Catalogue } from '@motcua/catalogue';
import type { Logger } from '@motcua/observability';
import type { TrafficCredentials } from './traffic-credentials';

type ServiceName = 'intake' | 'processing' | 'signing' | 'return';

export interface DemoTrafficOptions {
  url: (service: ServiceName) => string;
  catalogue: Catalogue;
  /** Officers' tokens and the portal's key. */
  credentials: TrafficCredentials;
  /** A new citizen arrives this often. */
  everyMs: number;
  /** Dossiers worked at once; no new citizen comes while this many are open. */
  maxOpen?: number;
  /** How long an officer takes over one step, at most (a random share of it). */
  stepMs?: number;
  logger: Logger;
  random?: () => number;
  /** Citizens in all: none comes after this many dossiers were submitted. Unlimited by default. */
  limit?: number;
  /** Where to read a dossier's status when an answer was lost or refused (tracking); without it the step is simply tried again. */
  statusOf?: (code: string) => Promise<string | undefined>;
  /** How soon an officer looks again when it was too early (nothing assigned yet). */
  retryMs?: number;
  /** How often citizens and officers look at the clock. */
  tickMs?: number;
  /** Officers working at the same time (each on one dossier). */
  concurrency?: number;
  /** Supplement requests and rejections now and then (the demo); off, every dossier is approved, signed and returned. */
  detours?: boolean;
  /** Told of every dossier received (at: when its submission was sent) and returned. */
  onSubmitted?: (dossier: TrafficDossier) => void;
  onFinished?: (dossier: TrafficDossier) => void;
}

export interface TrafficDossier {
  id: string;
  code: string;
  /** Epoch milliseconds when the submission was sent, and when the return was accepted. */
  submittedAt: number;
  finishedAt?: number;
}

/** What happened to one dossier, for a checker comparing it with what the services recorded. */
export interface DemoDossier {
  id: string;
  code: string;
  phone: string;
  channel: 'counter' | 'electronic';
  supplemented: boolean;
  rejected: boolean;
  finished: boolean;
  /** The step it waits for, while not finished. */
  step: string;
  /** The last answer was lost or refused. */
  uncertain: boolean;
}

export interface DemoTraffic {
  stop(): Promise<void>;
  /** A new citizen this often from now on; undefined: no new citizens, officers finish the open dossiers. */
  setEveryMs(everyMs: number | undefined): void;
  /** Dossiers submitted, those the simulation has finished with (returned or rejected and handed over), and calls that failed. */
  counts(): { submitted: number; finished: number; open: number; failures: number };
  /** Every dossier submitted so far. */
  dossiers(): DemoDossier[];
}

type Step = 'work' | 'supplement' | 'sign' | 'return';

interface OpenDossier extends TrafficDossier {
  centreId: string;
  procedureCode: string;
  applicant: { fullName: string; idNumber: string; phone: string };
  channel: 'counter' | 'electronic';
  step: Step;
  dueAt: number;
  supplemented: boolean;
  rejected: boolean;
  finished: boolean;
  /** The officer's decision at this visit of the work step, drawn once so a repeated request carries the same body. */
  roll: number;
  /** The work item, signature request or result the current step acts on, once found. */
  target?: { id: string; officer?: string };
  /** Bumped after a refusal, so the next try is a new request rather than a replay of the refusal. */
  tries: number;
  /** An answer was lost or refused: read the status before trying again. */
  uncertain: boolean;
  /** An officer is working on it now. */
  busy: boolean;
}

interface Citizen {
  key: string;
  body: Record<string, unknown>;
  officer: string | undefined;
  applicant: OpenDossier['applicant'];
  channel: OpenDossier['channel'];
  centreId: string;
  procedureCode: string;
  /** When it first tried to submit. */
  at: number;
}

/** The step a dossier in this tracking status waits for; 'done' once returned. */
const STEP_OF_STATUS: Record<string, Step | 'done'> = {
  RECEIVED: 'work',
  IN_TRANSIT: 'work',
  IN_PROCESSING: 'work',
  SUPPLEMENT_REQUESTED: 'supplement',
  AWAITING_SIGNATURE: 'sign',
  SIGNED: 'return',
  RESULT_READY: 'return',
  REJECTED: 'return',
  RETURNED: 'done',
};

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Đức', 'Thu'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hạnh', 'Khoa', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quyên', 'Sơn', 'Thảo', 'Uyên', 'Vy'];
/** Procedures whose dossiers the simulation knows how to fill: civil status and certification, decided the same day or in days. */
const DEMO_PROCEDURES = ['1.001193', '2.000635', '1.000656', '2.000815'];

async function call<T>(method: 'GET' | 'POST', url: string, body: unknown, auth: Record<string, string>, idempotencyKey?: string): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json', ...auth };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export function startDemoTraffic(options: DemoTrafficOptions): DemoTraffic {
  const random = options.random ?? Math.random;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const maxOpen = options.maxOpen ?? 12;
  const stepMs = options.stepMs ?? 6000;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const retryMs = options.retryMs ?? 500;
  const tickMs = options.tickMs ?? 250;
  const concurrency = options.concurrency ?? 1;
  const detours = options.detours ?? true;
  const { catalogue, url, logger, credentials } = options;
  /** As the officer named; otherwise reads as the ops reader and submissions as the portal. */
  const as = (method: 'GET' | 'POST', officer: string | undefined): Promise<Record<string, string>> =>
    officer ? credentials.officer(officer) : method === 'GET' ? credentials.officer(credentials.readerId) : credentials.portal();
  const send = async <T>(method: 'GET' | 'POST', target: string, body?: unknown, officer?: string, idempotencyKey?: string) =>
    call<T>(method, target, body, await as(method, officer), idempotencyKey);
  const procedures = DEMO_PROCEDURES.map((code) => findProcedure(catalogue, code)).filter((p) => p !== undefined);
  // Centres with a leader and a specialist for every sector the demo uses: the whole sample catalogue.
  const centres = catalogue.centres.filter((c) => officersOf(catalogue, c.id, 'leader').length > 0 && officersOf(catalogue, c.id, 'reception').length > 0);
  const open: OpenDossier[] = [];
  const all: OpenDossier[] = [];
  /** Citizens whose submission got no answer: each submits the same form again with the same key, without holding up the others. */
  const waiting: Citizen[] = [];
  let submitted = 0;
  let finished = 0;
  let failures = 0;
  let everyMs: number | undefined = options.everyMs;
  let nextCitizenAt = Date.now();
  let stopped = false;
  let timers: NodeJS.Timeout[] = [];
  let tick: Promise<void> = Promise.resolve();
  /** Submissions under way: citizens come open loop, whether or not earlier ones were answered. */
  const arriving = new Set<Promise<void>>();

  const later = (dossier: OpenDossier, step: Step) => {
    if (step !== dossier.step || step === 'work') dossier.target = undefined;
    dossier.step = step;
    dossier.roll = random();
    dossier.tries = 0;
    dossier.uncertain = false;
    dossier.dueAt = Date.now() + stepMs * (0.3 + 0.7 * random());
  };
  const officer = (centreId: string, role: 'leader' | 'reception') => (officersOf(catalogue, centreId, role)[0] as { id: string }).id;
  /** One key per dossier, step, visit and refusal: a lost answer is asked for again, a refusal is not replayed. */
  const keyOf = (dossier: OpenDossier) => `demo-${dossier.id}-${dossier.step}-${dossier.supplemented ? 2 : 1}-${dossier.tries}`;

  /** A POST on behalf of an officer; false (and the dossier marked uncertain) unless it answered 200. */
  async function act(dossier: OpenDossier, target: string, body: unknown, actor?: string): Promise<boolean> {
    const answer = await send<{ code?: string }>('POST', target, body, actor, keyOf(dossier)).catch((error: unknown) => {
      dossier.uncertain = true;
      throw error;
    });
    if (answer.status === 200) return true;
    dossier.uncertain = true;
    // A refusal is recorded under its key: the next try must be a new request. A request still running (or a 5xx, whose key is released) is repeated as it was.
    if (answer.status < 500 && answer.body?.code !== 'REQUEST.IDEMPOTENCY_KEY_IN_PROGRESS') dossier.tries += 1;
    return false;
  }

  function newCitizen(): Citizen {
    const procedure = pick(procedures);
    const centre = pick(centres);
    const channel = procedure.returnChannels.includes('electronic') && random() < 0.3 ? 'electronic' : 'counter';
    const applicant = { fullName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)} (mẫu)`, idNumber: `046${digits(9)}`, phone: `09${digits(8)}` };
    const portal = random() < 0.4;
    return {
      key: `demo-citizen-${applicant.phone}-${digits(6)}`,
      body: {
        procedureCode: procedure.code,
        centreId: centre.id,
        submissionChannel: portal ? 'portal' : 'counter',
        applicant,
        documents: procedure.requiredDocuments,
        returnChannel: { type: channel },
      },
      officer: portal ? undefined : officersOf(catalogue, centre.id, 'reception')[0]?.id,
      applicant,
      channel,
      centreId: centre.id,
      procedureCode: procedure.code,
      at: Date.now(),
    };
  }

  async function citizenArrives(citizen: Citizen): Promise<void> {
    let answer: { status: number; body: { id: string; code: string } };
    try {
      // Inside the try: while a service restarts its URL is not known yet, and the citizen
      // (whose earlier try may have been taken in) must come back with the same key, not give up.
      answer = await send<{ id: string; code: string }>('POST', `${url('intake')}/v1/dossiers`, citizen.body, citizen.officer, citizen.key);
    } catch (error) {
      waiting.push(citizen);
      throw error;
    }
    if (answer.status >= 500 || (answer.body as { code?: string } | undefined)?.code === 'REQUEST.IDEMPOTENCY_KEY_IN_PROGRESS') {
      waiting.push(citizen);
      throw new Error(`submission not answered yet: ${answer.status}`);
    }
    if (answer.status !== 201) throw new Error(`submission refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    submitted += 1;
    const { applicant, channel, centreId, procedureCode } = citizen;
    const dossier: OpenDossier = { id: answer.body.id, code: answer.body.code, submittedAt: citizen.at, centreId, procedureCode, applicant, channel, step: 'work', dueAt: 0, supplemented: false, rejected: false, finished: false, roll: 0, tries: 0, uncertain: false, busy: false };
    later(dossier, 'work');
    open.push(dossier);
    all.push(dossier);
    options.onSubmitted?.(dossier);
  }

  function finish(dossier: OpenDossier): void {
    open.splice(open.indexOf(dossier), 1);
    dossier.finished = true;
    finished += 1;
    dossier.finishedAt = Date.now();
    options.onFinished?.(dossier);
  }

  /** After a lost or refused answer: where the dossier really is, as tracking shows it. */
  async function reconcile(dossier: OpenDossier): Promise<boolean> {
    const status = options.statusOf ? await options.statusOf(dossier.code) : undefined;
    const step = status ? STEP_OF_STATUS[status] : undefined;
    if (!step) return true;
    if (step === 'done') {
      finish(dossier);
      return false;
    }
    if (status === 'REJECTED') dossier.rejected = true;
    // Tracking may lag behind a step that succeeded; then the step is simply tried again (a replay, or a refusal).
    if (step !== dossier.step) {
      if (step === 'supplement') dossier.supplemented = true;
      dossier.step = step;
      dossier.target = undefined;
      dossier.tries = 0;
    }
    dossier.uncertain = false;
    return true;
  }

  /** One step of one dossier; false when it is too early (nothing assigned yet, the request not there yet). */
  async function advance(dossier: OpenDossier): Promise<boolean> {
    if (dossier.uncertain && !(await reconcile(dossier))) return true;
    switch (dossier.step) {
      case 'work': {
        if (!dossier.target) {
          const items = await send<{ items: { id: string; assigneeId?: string; state?: string }[] }>('GET', `${url('processing')}/v1/work-items?dossierId=${encodeURIComponent(dossier.id)}`);
          const item = items.body.items.find((i) => i.assigneeId);
          if (!item?.assigneeId) return false;
          dossier.target = { id: item.id, officer: item.assigneeId };
        }
        const base = `${url('processing')}/v1/work-items/${encodeURIComponent(dossier.target.id)}`;
        const roll = dossier.roll;
        const procedure = findProcedure(catalogue, dossier.procedureCode);
        if (detours && !dossier.supplemented && roll < 0.15 && procedure && procedure.requiredDocuments.length > 0) {
          const documents = [procedure.requiredDocuments[0] as { code: string; name: string }];
          if (!(await act(dossier, `${base}/supplement-requests`, { reason: 'Giấy tờ nộp kèm chưa rõ, đề nghị nộp lại bản rõ nét (mẫu)', documents }, dossier.target.officer))) return false;
          dossier.supplemented = true;
          later(dossier, 'supplement');
          return true;
        }
        // A rejection letter goes back at the counter; the demo rejects only dossiers collected there.
        if (detours && roll > 0.93 && dossier.channel === 'counter') {
          if (!(await act(dossier, `${base}/reject`, { reason: 'Hồ sơ không thuộc thẩm quyền giải quyết của trung tâm (mẫu)' }, dossier.target.officer))) return false;
          dossier.rejected = true;
          later(dossier, 'return');
          return true;
        }
        const result = { title: procedure?.name ?? 'Kết quả', body: `Đã giải quyết hồ sơ ${dossier.code} theo đề nghị của ông/bà ${dossier.applicant.fullName}.` };
        if (!(await act(dossier, `${base}/approve`, { result }, dossier.target.officer))) return false;
        later(dossier, 'sign');
        return true;
      }
      case 'supplement': {
        const documents = (findProcedure(catalogue, dossier.procedureCode)?.requiredDocuments ?? []).slice(0, 1);
        if (!(await act(dossier, `${url('intake')}/v1/dossiers/${encodeURIComponent(dossier.id)}/supplements`, { documents }, officer(dossier.centreId, 'reception')))) return false;
        later(dossier, 'work');
        return true;
      }
      case 'sign': {
        if (!dossier.target) {
          const requests = await send<{ items: { id: string }[] }>('GET', `${url('signing')}/v1/signature-requests?dossierId=${encodeURIComponent(dossier.id)}&status=pending`);
          const request = requests.body.items[0];
          if (!request) return false;
          dossier.target = { id: request.id };
        }
        if (!(await act(dossier, `${url('signing')}/v1/signature-requests/${encodeURIComponent(dossier.target.id)}/sign`, {}, officer(dossier.centreId, 'leader')))) return false;
        later(dossier, 'return');
        return true;
      }
      case 'return': {
        if (!dossier.target) {
          const results = await send<{ items: { id: string }[] }>('GET', `${url('return')}/v1/results?dossierId=${encodeURIComponent(dossier.id)}`);
          const result = results.body.items[0];
          if (!result) return false;
          dossier.target = { id: result.id };
        }
        const base = `${url('return')}/v1/results/${encodeURIComponent(dossier.target.id)}`;
        const done =
          dossier.channel === 'electronic'
            ? await act(dossier, `${base}/download-link`, {})
            : await act(dossier, `${base}/handover`, { receivedBy: { fullName: dossier.applicant.fullName, idNumber: dossier.applicant.idNumber } }, officer(dossier.centreId, 'reception'));
        if (!done) return false;
        finish(dossier);
        return true;
      }
    }
  }

  /** One citizen's submission, tracked so stop() waits for it; a failure is counted and logged. */
  function arrive(citizen: Citizen): void {
    const arrival = citizenArrives(citizen)
      .catch((error: unknown) => {
        failures += 1;
        logger.warn({ err: (error as Error).message }, 'demo: a citizen could not submit');
      })
      .finally(() => arriving.delete(arrival));
    arriving.add(arrival);
  }

  /** Open loop: citizens come when their time comes, whether or not earlier ones have been served. */
  function citizensArrive(): void {
    if (stopped) return;
    // Citizens whose answer was lost try again once a tick, without holding up new ones.
    for (let n = waiting.length; n > 0; n -= 1) arrive(waiting.shift() as Citizen);
    if (everyMs === undefined) return;
    const now = Date.now();
    while (nextCitizenAt <= now && open.length + arriving.size + waiting.length < maxOpen && submitted + arriving.size + waiting.length < limit) {
      nextCitizenAt += everyMs;
      arrive(newCitizen());
    }
    // Held back by maxOpen or the limit: the next citizen comes once there is room, not a queue of them at once.
    if (nextCitizenAt < now) nextCitizenAt = now;
  }

  async function work(dossier: OpenDossier): Promise<void> {
    dossier.busy = true;
    const moved = await advance(dossier).catch((error: unknown) => {
      failures += 1;
      logger.warn({ dossier_code: dossier.code, step: dossier.step, err: (error as Error).message }, 'demo: a step failed; tried again later');
      return false;
    });
    // Too early: look again shortly rather than on every tick.
    if (!moved) dossier.dueAt = Date.now() + retryMs;
    dossier.busy = false;
  }

  /** Officers take the dossiers whose turn has come, `concurrency` at a time. */
  async function runTick(): Promise<void> {
    const due = open.filter((d) => !d.busy && d.dueAt <= Date.now());
    const officers = Array.from({ length: Math.min(concurrency, due.length) }, async () => {
      for (let dossier = due.shift(); dossier && !stopped; dossier = due.shift()) await work(dossier);
    });
    await Promise.all(officers);
  }

  const every = (ms: number, run: () => Promise<void> | void): void => {
    const again = (): void => {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers = timers.filter((t) => t !== timer);
        const ran = Promise.resolve(run()).finally(again);
        tick = tick.then(() => ran);
      }, ms);
      timers.push(timer);
    };
    again();
  };
  every(tickMs, citizensArrive);
  every(tickMs, runTick);
  logger.info({ every_ms: options.everyMs, max_open: maxOpen }, 'demo traffic started');

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await tick;
      await Promise.all(arriving);
    },
    setEveryMs(next) {
      if (everyMs === undefined) nextCitizenAt = Date.now();
      everyMs = next;
    },
    counts: () => ({ submitted, finished, open: open.length, failures }),
    dossiers: () =>
      all.map((d) => ({
        id: d.id,
        code: d.code,
        phone: d.applicant.phone,
        channel: d.channel,
        supplemented: d.supplemented,
        rejected: d.rejected,
        finished: d.finished,
        step: d.step,
        uncertain: d.uncertain,
      })),
  };
}
