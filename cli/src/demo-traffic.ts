/**
 * Live demo traffic (`motcua start --demo`): simulated citizens submit dossiers at the
 * main counters and on the portal, and simulated specialists, leaders and reception
 * officers work them through the public HTTP APIs — approve (now and then ask for a
 * supplement, which the citizen brings, or reject), sign, hand over at the counter or
 * issue the electronic download link — so a newcomer sees dossiers move through every
 * state within a minute. Every person it invents is marked as sample data.
 *
 * It acts exactly as people at the counters would: the same routes, the same officer
 * headers, the same refusals when it is too early (a work item not yet assigned is
 * simply tried again on a later tick).
 *
 * The benchmark (`npm run bench`) drives the same people harder: citizens arrive open
 * loop at a set rate however far behind the system is, officers act without delay and
 * several at once, and every submission and return is reported to the caller.
 */
import { findProcedure, officersOf, type Catalogue } from '@motcua/catalogue';
import type { Logger } from '@motcua/observability';

type ServiceName = 'intake' | 'processing' | 'signing' | 'return';

export interface DemoTrafficOptions {
  url: (service: ServiceName) => string;
  catalogue: Catalogue;
  /** A new citizen arrives this often. */
  everyMs: number;
  /** Dossiers worked at once; no new citizen comes while this many are open. */
  maxOpen?: number;
  /** How long an officer takes over one step, at most (a random share of it). */
  stepMs?: number;
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
  logger: Logger;
  random?: () => number;
}

export interface TrafficDossier {
  id: string;
  code: string;
  /** Epoch milliseconds when the submission was sent, and when the return was accepted. */
  submittedAt: number;
  finishedAt?: number;
}

export interface DemoTraffic {
  stop(): Promise<void>;
  /** A new citizen this often from now on; undefined: no new citizens, officers finish the open dossiers. */
  setEveryMs(everyMs: number | undefined): void;
  /** Dossiers submitted, those the simulation has finished with (returned or rejected and handed over), and calls that failed. */
  counts(): { submitted: number; finished: number; open: number; failures: number };
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
  busy: boolean;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Đức', 'Thu'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hạnh', 'Khoa', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quyên', 'Sơn', 'Thảo', 'Uyên', 'Vy'];
/** A work item's state once its specialist has decided, and the step the dossier is then at. */
const decidedStep: Partial<Record<string, Step>> = { AWAITING_SIGNATURE: 'sign', SIGNED: 'return', RESULT_READY: 'return', REJECTED: 'return', SUPPLEMENT_REQUESTED: 'supplement' };
/** Procedures whose dossiers the simulation knows how to fill: civil status and certification, decided the same day or in days. */
const DEMO_PROCEDURES = ['1.001193', '2.000635', '1.000656', '2.000815'];

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown, officer?: string): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (officer) headers['x-officer-id'] = officer;
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
  const retryMs = options.retryMs ?? 500;
  const tickMs = options.tickMs ?? 250;
  const concurrency = options.concurrency ?? 1;
  const detours = options.detours ?? true;
  const { catalogue, url, logger } = options;
  const procedures = DEMO_PROCEDURES.map((code) => findProcedure(catalogue, code)).filter((p) => p !== undefined);
  // Centres with a leader and a specialist for every sector the demo uses: the whole sample catalogue.
  const centres = catalogue.centres.filter((c) => officersOf(catalogue, c.id, 'leader').length > 0 && officersOf(catalogue, c.id, 'reception').length > 0);
  const open: OpenDossier[] = [];
  let submitted = 0;
  let finished = 0;
  let failures = 0;
  let everyMs: number | undefined = options.everyMs;
  let nextCitizenAt = Date.now();
  let stopped = false;
  let timers: NodeJS.Timeout[] = [];
  let tick: Promise<void> = Promise.resolve();
  const arriving = new Set<Promise<void>>();

  const later = (dossier: OpenDossier, step: Step) => {
    dossier.step = step;
    dossier.dueAt = Date.now() + stepMs * (0.3 + 0.7 * random());
  };
  const officer = (centreId: string, role: 'leader' | 'reception') => (officersOf(catalogue, centreId, role)[0] as { id: string }).id;

  async function citizenArrives(): Promise<void> {
    const submittedAt = Date.now();
    const procedure = pick(procedures);
    const centre = pick(centres);
    const channel = procedure.returnChannels.includes('electronic') && random() < 0.3 ? 'electronic' : 'counter';
    const applicant = { fullName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)} (mẫu)`, idNumber: `046${digits(9)}`, phone: `09${digits(8)}` };
    const portal = random() < 0.4;
    const answer = await call<{ id: string; code: string }>(
      'POST',
      `${url('intake')}/v1/dossiers`,
      {
        procedureCode: procedure.code,
        centreId: centre.id,
        submissionChannel: portal ? 'portal' : 'counter',
        applicant,
        documents: procedure.requiredDocuments,
        returnChannel: { type: channel },
      },
      portal ? undefined : officersOf(catalogue, centre.id, 'reception')[0]?.id,
    );
    if (answer.status !== 201) throw new Error(`submission refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    submitted += 1;
    const dossier: OpenDossier = {
      id: answer.body.id,
      code: answer.body.code,
      submittedAt,
      centreId: centre.id,
      procedureCode: procedure.code,
      applicant,
      channel,
      step: 'work',
      dueAt: 0,
      supplemented: false,
      busy: false,
    };
    later(dossier, 'work');
    open.push(dossier);
    options.onSubmitted?.(dossier);
  }

  /** One step of one dossier; false when it is too early (nothing assigned yet, the request not there yet). */
  async function advance(dossier: OpenDossier): Promise<boolean> {
    switch (dossier.step) {
      case 'work': {
        const items = await call<{ items: { id: string; assigneeId?: string; state?: string }[] }>('GET', `${url('processing')}/v1/work-items?dossierId=${encodeURIComponent(dossier.id)}`);
        const item = items.body.items.find((i) => i.assigneeId);
        if (!item?.assigneeId) return false;
        // A decision whose answer was lost (a timed-out call) is not taken twice: the item shows it.
        const decided = item.state ? decidedStep[item.state] : undefined;
        if (decided) {
          later(dossier, decided);
          return true;
        }
        const base = `${url('processing')}/v1/work-items/${encodeURIComponent(item.id)}`;
        const roll = random();
        const procedure = findProcedure(catalogue, dossier.procedureCode);
        if (detours && !dossier.supplemented && roll < 0.15 && procedure && procedure.requiredDocuments.length > 0) {
          const documents = [procedure.requiredDocuments[0] as { code: string; name: string }];
          const answer = await call('POST', `${base}/supplement-requests`, { reason: 'Giấy tờ nộp kèm chưa rõ, đề nghị nộp lại bản rõ nét (mẫu)', documents }, item.assigneeId);
          if (answer.status !== 200) return false;
          dossier.supplemented = true;
          later(dossier, 'supplement');
          return true;
        }
        // A rejection letter goes back at the counter; the demo rejects only dossiers collected there.
        if (detours && roll > 0.93 && dossier.channel === 'counter') {
          const answer = await call('POST', `${base}/reject`, { reason: 'Hồ sơ không thuộc thẩm quyền giải quyết của trung tâm (mẫu)' }, item.assigneeId);
          if (answer.status !== 200) return false;
          later(dossier, 'return');
          return true;
        }
        const answer = await call('POST', `${base}/approve`, { result: { title: procedure?.name ?? 'Kết quả', body: `Đã giải quyết hồ sơ ${dossier.code} theo đề nghị của ông/bà ${dossier.applicant.fullName}.` } }, item.assigneeId);
        if (answer.status !== 200) return false;
        later(dossier, 'sign');
        return true;
      }
      case 'supplement': {
        const documents = (findProcedure(catalogue, dossier.procedureCode)?.requiredDocuments ?? []).slice(0, 1);
        const answer = await call('POST', `${url('intake')}/v1/dossiers/${encodeURIComponent(dossier.id)}/supplements`, { documents }, officer(dossier.centreId, 'reception'));
        if (answer.status !== 200) return false;
        later(dossier, 'work');
        return true;
      }
      case 'sign': {
        const requests = await call<{ items: { id: string }[] }>('GET', `${url('signing')}/v1/signature-requests?dossierId=${encodeURIComponent(dossier.id)}&status=pending`);
        const request = requests.body.items[0];
        if (!request) {
          const all = await call<{ items: { status: string }[] }>('GET', `${url('signing')}/v1/signature-requests?dossierId=${encodeURIComponent(dossier.id)}`);
          if (!all.body.items.some((r) => r.status === 'SIGNED')) return false;
          later(dossier, 'return');
          return true;
        }
        const leader = officer(dossier.centreId, 'leader');
        const answer = await call('POST', `${url('signing')}/v1/signature-requests/${encodeURIComponent(request.id)}/sign`, {}, leader);
        if (answer.status !== 200) return false;
        later(dossier, 'return');
        return true;
      }
      case 'return': {
        const results = await call<{ items: { id: string; status: string }[] }>('GET', `${url('return')}/v1/results?dossierId=${encodeURIComponent(dossier.id)}`);
        const result = results.body.items[0];
        if (!result) return false;
        if (result.status === 'RETURNED') return finish(dossier);
        const base = `${url('return')}/v1/results/${encodeURIComponent(result.id)}`;
        const answer =
          dossier.channel === 'electronic'
            ? await call('POST', `${base}/download-link`, {})
            : await call('POST', `${base}/handover`, { receivedBy: { fullName: dossier.applicant.fullName, idNumber: dossier.applicant.idNumber } }, officer(dossier.centreId, 'reception'));
        if (answer.status !== 200) return false;
        return finish(dossier);
      }
    }
  }

  function finish(dossier: OpenDossier): true {
    open.splice(open.indexOf(dossier), 1);
    finished += 1;
    dossier.finishedAt = Date.now();
    options.onFinished?.(dossier);
    return true;
  }

  /** Open loop: citizens come when their time comes, whether or not earlier ones have been served. */
  function citizensArrive(): void {
    const now = Date.now();
    if (everyMs === undefined) return;
    while (nextCitizenAt <= now && open.length + arriving.size < maxOpen && !stopped) {
      nextCitizenAt += everyMs;
      const arrival = citizenArrives()
        .catch((error: unknown) => {
          failures += 1;
          logger.warn({ err: (error as Error).message }, 'demo: a citizen could not submit');
        })
        .finally(() => arriving.delete(arrival));
      arriving.add(arrival);
    }
    // Held back by maxOpen: the next citizen comes once there is room, not a queue of them at once.
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
  };
}
