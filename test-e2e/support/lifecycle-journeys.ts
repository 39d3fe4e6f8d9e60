/**
 * The lifecycle journeys of issue 3, written once and run against both editions:
 * a satellite dossier carried in by the courier and processed the same day, a result
 * carried back out to a satellite point, a supplement requested and provided, a
 * rejection the citizen is told about, and a dossier going overdue then extended.
 *
 * The whole system runs on one demo clock (MOTCUA_CLOCK_FILE): the journeys move it
 * forward to a round time or past an appointment and then wait for the system to
 * react — no sleeps, no luck.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeClockFile } from '@motcua/runtime';
import { pdfPeer, runPdfTool, waitFor } from '@motcua/testing';
import { credentialsFor, type UrlOf } from './journey';

const deadline = { timeoutMs: 60_000, intervalMs: 100 };

/** A working Wednesday with no holiday near it. */
export const DAY = '2026-12-02';
export const localTime = (hhmm: string): string => `${DAY}T${hhmm}:00+07:00`;

export class DemoClock {
  constructor(readonly file: string) {}

  /** Moves every process's clock so that "now" is `iso` (time keeps running from there). */
  set(iso: string): void {
    writeClockFile(this.file, { offsetMs: new Date(iso).getTime() - Date.now() });
  }
}

export interface Reply<T> {
  status: number;
  body: T;
  text: string;
  contentType: string | null;
}

export async function call<T = Record<string, unknown>>(method: string, url: string, options: { body?: unknown; officer?: string } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = await credentialsFor(method, url, options.officer);
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  const body = (contentType?.includes('json') && text ? JSON.parse(text) : undefined) as T;
  return { status: response.status, body, text, contentType };
}

async function ok<T>(reply: Promise<Reply<T>>, what: string, expected = [200, 201]): Promise<T> {
  const r = await reply;
  if (!expected.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${r.text}`);
  return r.body;
}

export interface DossierStatus {
  code: string;
  status: string;
  appointmentAt?: string;
  assigneeId?: string;
  flags: { overdue: boolean; extended: boolean; potentialDuplicate?: boolean };
}

export interface TimelineStep {
  name: string;
  time: string;
  status?: string;
  reason?: string;
  document?: { kind: string; service: string; path: string };
}

export const applicant = { fullName: 'Lê Thị Hoa', idNumber: '046190054321', phone: '0935123456' };

export function birthRegistration(overrides: Record<string, unknown> = {}) {
  return {
    procedureCode: '1.001193',
    centreId: 'hue-phong-dien',
    submissionChannel: 'counter',
    applicant,
    documents: [
      { code: 'TK_KS', name: 'Tờ khai đăng ký khai sinh' },
      { code: 'GCS', name: 'Giấy chứng sinh' },
    ],
    returnChannel: { type: 'counter' },
    ...overrides,
  };
}

export class Centre {
  constructor(private readonly url: UrlOf) {}

  submit(body: unknown): Promise<{ id: string; code: string; appointmentAt: string }> {
    return ok(call('POST', `${this.url('intake')}/v1/dossiers`, { body, officer: 'pdn-reception-1' }), 'submit');
  }

  status(code: string): Promise<DossierStatus | undefined> {
    return call<DossierStatus>('GET', `${this.url('tracking')}/v1/dossiers/${code}`).then((r) => (r.status === 200 ? r.body : undefined));
  }

  async timeline(code: string): Promise<TimelineStep[]> {
    const reply = await call<{ items: TimelineStep[] }>('GET', `${this.url('tracking')}/v1/dossiers/${code}/timeline`);
    return reply.status === 200 ? reply.body.items : [];
  }

  /** Waits until tracking shows the dossier in `status` (and, optionally, more). */
  reaches(code: string, status: string, also: (view: DossierStatus) => boolean = () => true): Promise<DossierStatus> {
    return waitFor(async () => {
      const view = await this.status(code);
      return view && view.status === status && also(view) ? view : undefined;
    }, { ...deadline, what: `${code} to reach ${status}` });
  }

  /** Waits until the timeline has every step in `names` (in that order among themselves). */
  stepsOf(code: string, names: string[]): Promise<TimelineStep[]> {
    return waitFor(async () => {
      const steps = await this.timeline(code);
      const seen = steps.map((s) => s.name).filter((n) => names.includes(n));
      return names.every((n) => seen.includes(n)) ? steps : undefined;
    }, { ...deadline, what: `the timeline of ${code} to show ${names.join(', ')}` });
  }

  workItem(dossierId: string): Promise<{ id: string; assigneeId?: string; state: string }> {
    return waitFor(async () => {
      const reply = await call<{ items: { id: string; assigneeId?: string; state: string }[] }>('GET', `${this.url('processing')}/v1/work-items?dossierId=${dossierId}`);
      return reply.body.items[0];
    }, { ...deadline, what: `the work item of ${dossierId}` });
  }

  /** Waits for the work item to be in `state` with an assignee, and returns it. */
  workItemIn(dossierId: string, state: string): Promise<{ id: string; assigneeId: string; state: string }> {
    return waitFor(async () => {
      const item = await this.workItem(dossierId);
      return item.state === state && item.assigneeId ? (item as { id: string; assigneeId: string; state: string }) : undefined;
    }, { ...deadline, what: `the work item of ${dossierId} in ${state}` });
  }

  async approve(dossierId: string): Promise<void> {
    const item = await this.workItemIn(dossierId, 'IN_PROCESSING');
    await ok(call('POST', `${this.url('processing')}/v1/work-items/${item.id}/approve`, {
      officer: item.assigneeId,
      body: { result: { title: 'Trích lục khai sinh', body: 'Đã đăng ký khai sinh cho con của bà Lê Thị Hoa.' } },
    }), 'approve');
  }

  /** The leader signs; returns the signed document as signing answered (id, SHA-256 of the signed PDF). */
  async sign(dossierId: string): Promise<{ id: string; sha256: string }> {
    const request = await waitFor(async () => {
      const reply = await call<{ items: { id: string }[] }>('GET', `${this.url('signing')}/v1/signature-requests?dossierId=${dossierId}&status=pending`);
      return reply.body.items[0];
    }, { ...deadline, what: `the signature request of ${dossierId}` });
    // Signing learns the applicant's name from DossierReceived; until then it answers 409 (retryable).
    const signed = await waitFor(async () => {
      const reply = await call<{ document: { id: string; sha256: string } }>('POST', `${this.url('signing')}/v1/signature-requests/${request.id}/sign`, { officer: 'pdn-leader-1', body: {} });
      return reply.status === 200 ? reply.body.document : undefined;
    }, { ...deadline, what: `the leader to sign ${dossierId}` });
    return signed;
  }

  result(dossierId: string, state?: string): Promise<{ id: string; state: string; status?: string }> {
    return waitFor(async () => {
      const reply = await call<{ items: { id: string; state: string }[] }>('GET', `${this.url('return')}/v1/results?dossierId=${dossierId}`);
      const result = reply.body.items[0];
      return result && (!state || result.state === state) ? result : undefined;
    }, { ...deadline, what: `the result of ${dossierId}${state ? ` in ${state}` : ''}` });
  }

  async handOver(dossierId: string, officer = 'pdn-reception-1'): Promise<Reply<unknown>> {
    const result = await this.result(dossierId, 'RESULT_READY');
    return call('POST', `${this.url('return')}/v1/results/${result.id}/handover`, { officer, body: { receivedBy: { fullName: applicant.fullName, idNumber: applicant.idNumber } } });
  }

  /** The round's manifest once intake has produced it (the round time must have passed on the demo clock). */
  manifest(roundId: string, has: (round: TransferRound) => boolean): Promise<TransferRound> {
    return waitFor(async () => {
      const reply = await call<TransferRound>('GET', `${this.url('intake')}/v1/transfer-rounds/${encodeURIComponent(roundId)}`);
      return reply.status === 200 && has(reply.body) ? reply.body : undefined;
    }, { ...deadline, what: `the manifest of round ${roundId}` });
  }

  courier(roundId: string, step: 'pickup' | 'arrival'): Promise<TransferRound> {
    return ok(call<TransferRound>('POST', `${this.url('intake')}/v1/transfer-rounds/${encodeURIComponent(roundId)}/${step}`, { officer: 'pdn-courier-1', body: {} }), `courier ${step}`);
  }

  notifications(dossierId: string): Promise<{ template: string; status: string }[]> {
    return call<{ items: { template: string; status: string }[] }>('GET', `${this.url('notifier')}/v1/notifications?dossierId=${dossierId}`).then((r) => r.body.items);
  }

  /** Fetches a document a timeline step links to from the service that issued it. */
  document(step: TimelineStep): Promise<Reply<unknown>> {
    if (!step.document) throw new Error(`step ${step.name} issued no document`);
    return call('GET', `${this.url(step.document.service as Parameters<UrlOf>[0])}${step.document.path}`);
  }
}

export interface TransferRound {
  id: string;
  inbound: { dossierId: string }[];
  outbound: { resultId: string; dossierId: string }[];
}

/** Vietnam calendar day of an instant. */
export function localDay(iso: string): string {
  return new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export interface RunningSystem {
  url: UrlOf;
  clock: DemoClock;
}

const names = (steps: TimelineStep[]) => steps.map((s) => s.name);
const only = (steps: TimelineStep[], wanted: string[]) => names(steps).filter((n) => wanted.includes(n));

/**
 * Declares the journeys in the calling describe block. They run in order on one
 * system and one demo day, and only ever move the clock forward.
 */
export function lifecycleJourneys(system: () => RunningSystem): void {
  const centre = () => new Centre(system().url);

  it('when a dossier is received at a satellite point, then the courier carries it in on the next round and it is processed and returned the same day', async () => {
    system().clock.set(localTime('09:50'));
    const dossier = await centre().submit(birthRegistration({ receptionPointId: 'pdn-phong-my', returnChannel: { type: 'counter', receptionPointId: 'pdn-main' } }));
    expect(localDay(dossier.appointmentAt)).toBe(DAY);
    await centre().reaches(dossier.code, 'RECEIVED');

    system().clock.set(localTime('10:31'));
    const roundId = `pdn-phong-my:${DAY.replace(/-/g, '')}:1030`;
    const round = await centre().manifest(roundId, (r) => r.inbound.some((d) => d.dossierId === dossier.id));
    expect(round.id).toBe(roundId);
    await centre().courier(roundId, 'pickup');
    await centre().reaches(dossier.code, 'IN_TRANSIT');
    await centre().courier(roundId, 'arrival');
    await centre().reaches(dossier.code, 'IN_PROCESSING');

    await centre().approve(dossier.id);
    await centre().sign(dossier.id);
    expect((await centre().handOver(dossier.id)).status).toBe(200);

    const journey = ['DossierReceived', 'DossierInTransit', 'DossierArrived', 'DossierAssigned', 'ResultDrafted', 'DocumentSigned', 'ResultReady', 'ResultReturned'];
    const steps = await centre().stepsOf(dossier.code, journey);
    expect(only(steps, journey)).toEqual(journey);
    expect(steps.every((s) => localDay(s.time) === DAY)).toBe(true);
    expect((await centre().reaches(dossier.code, 'RETURNED')).flags.overdue).toBe(false);
    const receipt = await centre().document(steps.find((s) => s.name === 'DossierReceived') as TimelineStep);
    expect(receipt.status).toBe(200);
    expect(receipt.text).toContain(dossier.code);
  }, 180_000);

  it('when the citizen chose to collect at a satellite point, then the signed result travels back on the next round and is handed over there', async () => {
    system().clock.set(localTime('10:40'));
    const dossier = await centre().submit(birthRegistration({ returnChannel: { type: 'counter', receptionPointId: 'pdn-phong-xuan' } }));
    await centre().approve(dossier.id);
    await centre().sign(dossier.id);
    const waiting = await centre().result(dossier.id);
    expect(waiting.state).not.toBe('RESULT_READY');
    await centre().stepsOf(dossier.code, ['ResultDispatched']);
    // Intake must know the result is waiting before the round leaves, or it goes on the next one.
    await waitFor(async () => {
      const reply = await call<{ waiting: { outbound: { dossierId: string }[] } }>('GET', `${system().url('intake')}/v1/transfer-rounds?receptionPointId=pdn-phong-xuan`);
      return reply.body.waiting.outbound.some((o) => o.dossierId === dossier.id);
    }, { ...deadline, what: 'the result waiting at intake for the round out' });
    // Same applicant, procedure and papers as the first journey this morning: received, but flagged for an officer.
    expect((await centre().status(dossier.code))?.flags.potentialDuplicate).toBe(true);

    system().clock.set(localTime('13:31'));
    const roundId = `pdn-phong-xuan:${DAY.replace(/-/g, '')}:1330`;
    await centre().manifest(roundId, (r) => r.outbound.some((o) => o.dossierId === dossier.id));
    await centre().courier(roundId, 'pickup');
    await centre().reaches(dossier.code, 'RESULT_READY');
    expect((await centre().handOver(dossier.id)).status).toBe(200);

    const journey = ['DocumentSigned', 'ResultDispatched', 'ResultTransferred', 'ResultReady', 'ResultReturned'];
    expect(only(await centre().stepsOf(dossier.code, journey), journey)).toEqual(journey);
    await centre().reaches(dossier.code, 'RETURNED');
  }, 180_000);

  it('when the specialist asks for a supplement, then the clock stops, the citizen is told, and the handed-in supplement restarts it', async () => {
    system().clock.set(localTime('13:40'));
    const dossier = await centre().submit(birthRegistration());
    const item = await centre().workItemIn(dossier.id, 'IN_PROCESSING');
    const request = await call('POST', `${system().url('processing')}/v1/work-items/${item.id}/supplement-requests`, {
      officer: item.assigneeId,
      body: { reason: 'Giấy chứng sinh bị mờ, không đọc được tên mẹ', documents: [{ code: 'GCS', name: 'Giấy chứng sinh (bản rõ)' }] },
    });
    expect(request.status).toBe(200);
    await centre().reaches(dossier.code, 'SUPPLEMENT_REQUESTED');

    // The counter hands the supplement in once intake has heard of the request.
    await waitFor(async () => (await call<{ state: string }>('GET', `${system().url('intake')}/v1/dossiers/${dossier.id}`)).body.state === 'SUPPLEMENT_REQUESTED', {
      ...deadline,
      what: 'intake to know of the supplement request',
    });
    system().clock.set(localTime('15:20'));
    const provided = await call('POST', `${system().url('intake')}/v1/dossiers/${dossier.id}/supplements`, {
      officer: 'pdn-reception-1',
      body: { documents: [{ code: 'GCS', name: 'Giấy chứng sinh (bản rõ)' }] },
    });
    expect(provided.status).toBe(200);
    // Birth registration restarts the clock: handed in after 15:00, it is due the next working day.
    const resumed = await centre().reaches(dossier.code, 'IN_PROCESSING', (v) => v.appointmentAt !== dossier.appointmentAt);
    expect(localDay(resumed.appointmentAt as string)).toBe('2026-12-03');

    const journey = ['DossierReceived', 'DossierAssigned', 'SupplementRequested', 'SupplementProvided', 'ProcessingResumed'];
    const steps = await centre().stepsOf(dossier.code, journey);
    expect(only(steps, journey)).toEqual(journey);
    const requested = steps.find((s) => s.name === 'SupplementRequested') as TimelineStep;
    expect(requested.reason).toContain('Giấy chứng sinh bị mờ');
    const letter = await centre().document(requested);
    expect(letter.status).toBe(200);
    expect(letter.text).toContain('bổ sung');
    await waitFor(async () => (await centre().notifications(dossier.id)).some((n) => n.template === 'supplement_requested'), { ...deadline, what: 'the supplement SMS' });
  }, 180_000);

  it('when a dossier is rejected, then the citizen is told by SMS and the refusal letter is handed back', async () => {
    system().clock.set(localTime('15:30'));
    const dossier = await centre().submit(birthRegistration({ applicant: { ...applicant, phone: '0935000111' } }));
    const item = await centre().workItemIn(dossier.id, 'IN_PROCESSING');
    const rejected = await call('POST', `${system().url('processing')}/v1/work-items/${item.id}/reject`, {
      officer: item.assigneeId,
      body: { reason: 'Người yêu cầu không thuộc diện đăng ký khai sinh tại phường' },
    });
    expect(rejected.status).toBe(200);
    await centre().reaches(dossier.code, 'REJECTED');
    await waitFor(async () => (await centre().notifications(dossier.id)).some((n) => n.template === 'rejected' && n.status === 'sent'), { ...deadline, what: 'the rejection SMS' });
    const letter = await centre().result(dossier.id);
    const handed = await call('POST', `${system().url('return')}/v1/results/${letter.id}/handover`, {
      officer: 'pdn-reception-1',
      body: { receivedBy: { fullName: applicant.fullName, idNumber: applicant.idNumber } },
    });
    expect(handed.status).toBe(200);
    await centre().reaches(dossier.code, 'RETURNED');
    const steps = await centre().stepsOf(dossier.code, ['DossierRejected', 'ResultReady', 'ResultReturned']);
    const refusal = steps.find((s) => s.name === 'DossierRejected') as TimelineStep;
    expect(refusal.reason).toContain('không thuộc diện');
    expect((await centre().document(refusal)).status).toBe(200);
  }, 180_000);

  it('when a dossier passes its appointment, then it is flagged overdue at once, and an extension with an apology letter sets a new appointment', async () => {
    system().clock.set(localTime('16:00'));
    const dossier = await centre().submit(birthRegistration({ procedureCode: '1.000656', documents: [
      { code: 'TK_KT', name: 'Tờ khai đăng ký khai tử' },
      { code: 'GBT', name: 'Giấy báo tử' },
    ] }));
    const item = await centre().workItemIn(dossier.id, 'IN_PROCESSING');
    expect((await centre().reaches(dossier.code, 'IN_PROCESSING')).flags.overdue).toBe(false);

    // Just past the appointment, on the same demo clock every process follows.
    system().clock.set(new Date(new Date(dossier.appointmentAt).getTime() + 60_000).toISOString());
    await centre().reaches(dossier.code, 'IN_PROCESSING', (v) => v.flags.overdue);

    const newAppointmentAt = new Date(new Date(dossier.appointmentAt).getTime() + 2 * 86_400_000).toISOString();
    const extended = await call('POST', `${system().url('processing')}/v1/work-items/${item.id}/extensions`, {
      officer: 'pdn-leader-1',
      body: { reason: 'Cần xác minh thông tin người chết tại nơi cư trú cũ', newAppointmentAt },
    });
    expect(extended.status).toBe(200);
    const view = await centre().reaches(dossier.code, 'IN_PROCESSING', (v) => v.flags.extended);
    expect(view.flags.overdue).toBe(false);
    expect(view.appointmentAt).toBe(newAppointmentAt);

    const steps = await centre().stepsOf(dossier.code, ['DossierOverdue', 'DossierExtended']);
    expect(steps.filter((s) => s.name === 'DossierOverdue')).toHaveLength(1);
    const apology = await centre().document(steps.find((s) => s.name === 'DossierExtended') as TimelineStep);
    expect(apology.status).toBe(200);
    expect(apology.text).toContain('xin lỗi');
    await waitFor(async () => (await centre().notifications(dossier.id)).some((n) => n.template === 'extended'), { ...deadline, what: 'the extension SMS' });
  }, 180_000);

  it('when the citizen chose the electronic channel, then the download link gives exactly the signed PDF, which pdfsig accepts as signed by the leader', async () => {
    system().clock.set(localTime('16:10'));
    const dossier = await centre().submit(birthRegistration({ submissionChannel: 'portal', returnChannel: { type: 'electronic', email: 'hoa@example.vn' } }));
    await centre().approve(dossier.id);
    const signed = await centre().sign(dossier.id);
    const result = await centre().result(dossier.id, 'RESULT_READY');
    const link = await ok(call<{ url: string; expiresAt: string }>('POST', `${system().url('return')}/v1/results/${result.id}/download-link`, { officer: 'pdn-reception-1', body: {} }), 'download link');
    // The link names signing's public URL; the journey's services run on free ports, so keep its path and signed query.
    const signedLink = new URL(link.url);
    const download = await fetch(`${system().url('signing')}${signedLink.pathname}${signedLink.search}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(signed.sha256);
    await centre().reaches(dossier.code, 'RETURNED');

    const tools = pdfPeer();
    if (!tools) return; // reported by the peer check; MOTCUA_REQUIRE_PEERS=pdf makes it a failure
    const file = join(tmpdir(), `motcua-e2e-${dossier.code}.pdf`);
    writeFileSync(file, bytes);
    const report = await runPdfTool(tools.pdfsig, [file]);
    expect(report.stdout).toMatch(/Signature Validation: Signature is Valid/);
    expect(report.stdout).toContain('(mẫu)');
  }, 180_000);
}
