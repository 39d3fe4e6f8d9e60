/**
 * One dossier's whole journey through the public HTTP endpoints: submit at intake,
 * approve at processing, sign at signing, hand over at return — and what tracking
 * and the notifier show for it.
 */
import { integratorHeadersFor, officerHeaders, waitFor } from '@motcua/testing';

/**
 * The acting officer's token (a sample officer, from the test identity provider); without
 * one, reads are the ops desk's (every centre) and writes the portal's (its API key).
 */
export async function credentialsFor(method: string, url: string, officer?: string): Promise<Record<string, string>> {
  if (officer) return officerHeaders(officer);
  return method === 'GET' ? officerHeaders(OPS_DESK) : integratorHeadersFor(url);
}

/** The sample ops officer. */
export const OPS_DESK = 'hue-ops-1';

export type UrlOf = (service: 'intake' | 'processing' | 'signing' | 'return' | 'notifier' | 'tracking') => string;

export interface TimelineItem {
  eventId: string;
  name: string;
  service: string;
  time: string;
  traceId?: string;
}

async function call<T>(method: string, url: string, body?: unknown, officer?: string): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = await credentialsFor(method, url, officer);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export const get = <T>(url: string) => call<T>('GET', url);
export const post = <T>(url: string, body: unknown, officer?: string) => call<T>('POST', url, body, officer);

export const birthRegistration = (phone = '0912345678') => ({
  procedureCode: '1.001193',
  centreId: 'hue-phong-dien',
  submissionChannel: 'portal',
  applicant: { fullName: 'Trần Thị Bình', idNumber: '046190012345', phone },
  documents: [
    { code: 'TK_KS', name: 'Tờ khai đăng ký khai sinh' },
    { code: 'GCS', name: 'Giấy chứng sinh' },
  ],
  returnChannel: { type: 'counter' },
});

export interface Submitted {
  id: string;
  code: string;
  status: string;
  receivedAt: string;
  appointmentAt: string;
}

export async function submit(url: UrlOf, body: unknown = birthRegistration()): Promise<Submitted> {
  const response = await post<Submitted>(`${url('intake')}/v1/dossiers`, body);
  if (response.status !== 201) throw new Error(`submit failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const deadline = { timeoutMs: 60_000, intervalMs: 100 };

async function firstItem<T>(url: string, what: string): Promise<T> {
  return waitFor(async () => (await get<{ items: T[] }>(url)).body.items[0], { ...deadline, what });
}

export async function approve(url: UrlOf, dossierId: string): Promise<void> {
  // Approved by the specialist it was assigned to.
  const item = await waitFor(
    async () => (await get<{ items: { id: string; assigneeId?: string }[] }>(`${url('processing')}/v1/work-items?dossierId=${dossierId}`)).body.items.find((i) => i.assigneeId),
    { ...deadline, what: 'the assigned work item' },
  );
  const response = await post(
    `${url('processing')}/v1/work-items/${item.id}/approve`,
    { result: { title: 'Trích lục khai sinh', body: 'Đã đăng ký khai sinh cho con của bà Trần Thị Bình.' } },
    item.assigneeId,
  );
  if (response.status !== 200) throw new Error(`approve failed: ${response.status} ${JSON.stringify(response.body)}`);
}

export async function sign(url: UrlOf, dossierId: string): Promise<{ documentId: string; status: number }> {
  const request = await firstItem<{ id: string }>(`${url('signing')}/v1/signature-requests?dossierId=${dossierId}&status=pending`, 'the signature request');
  // Signing names the applicant from the dossier's DossierReceived (intake's topic), which nothing orders before
  // the signature request (processing's topic): until it has come, signing answers SIGNING.APPLICANT_UNKNOWN, to try again, as a leader would.
  const response = await waitFor(
    async () => {
      const answer = await post<{ documentId: string; code?: string }>(`${url('signing')}/v1/signature-requests/${request.id}/sign`, { signerId: 'pdn-leader-1' }, 'pdn-leader-1');
      return answer.status === 409 && answer.body.code === 'SIGNING.APPLICANT_UNKNOWN' ? undefined : answer;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'signing to know the applicant of the dossier' },
  );
  if (response.status !== 200) throw new Error(`sign failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { documentId: response.body.documentId, status: response.status };
}

export async function handOver(url: UrlOf, dossierId: string): Promise<void> {
  const result = await firstItem<{ id: string }>(`${url('return')}/v1/results?dossierId=${dossierId}`, 'the result');
  const response = await post(`${url('return')}/v1/results/${result.id}/handover`, { receivedBy: { fullName: 'Trần Thị Bình', idNumber: '046190012345' } }, 'pdn-reception-1');
  if (response.status !== 200) throw new Error(`handover failed: ${response.status} ${JSON.stringify(response.body)}`);
}

export async function timelineOf(url: UrlOf, code: string): Promise<TimelineItem[]> {
  const response = await get<{ items: TimelineItem[] }>(`${url('tracking')}/v1/dossiers/${code}/timeline`);
  return response.status === 200 ? response.body.items : [];
}

/** The steps every completed dossier shows, in lifecycle order. */
export const businessSteps = ['DossierReceived', 'DossierAssigned', 'ResultDrafted', 'DocumentSigned', 'ResultReady', 'ResultReturned'];

/** The citizen's texts for a completed journey: receipt, result ready, result handed over. */
const CITIZEN_TEXTS = 3;

/** Waits until tracking shows the whole journey: every business step and every citizen text. */
export async function completedTimeline(url: UrlOf, code: string): Promise<TimelineItem[]> {
  return waitFor(
    async () => {
      const items = await timelineOf(url, code);
      const names = items.map((i) => i.name);
      const done = businessSteps.every((s) => names.includes(s)) && names.filter((n) => n === 'NotificationSent').length >= CITIZEN_TEXTS;
      return done ? items : undefined;
    },
    { ...deadline, what: `the completed timeline of ${code}` },
  );
}

/** The whole journey; returns the completed timeline. */
export async function runJourney(url: UrlOf): Promise<{ dossier: Submitted; timeline: TimelineItem[] }> {
  const dossier = await submit(url);
  await approve(url, dossier.id);
  await sign(url, dossier.id);
  await handOver(url, dossier.id);
  return { dossier, timeline: await completedTimeline(url, dossier.code) };
}

/** The assertions every journey must pass: all steps once, in order, one trace across all services. */
export function expectCompleteJourney(timeline: TimelineItem[]): void {
  const names = timeline.map((i) => i.name);
  const steps = names.filter((n) => businessSteps.includes(n));
  expect(steps).toEqual(businessSteps);
  expect(names.filter((n) => n === 'NotificationSent')).toHaveLength(CITIZEN_TEXTS);
  expect(new Set(timeline.map((i) => i.eventId)).size).toBe(timeline.length);
  const traceIds = new Set(timeline.map((i) => i.traceId));
  expect(traceIds.size).toBe(1);
  expect([...traceIds][0]).toMatch(/^[0-9a-f]{32}$/);
  expect(new Set(timeline.map((i) => i.service))).toEqual(new Set(['intake', 'processing', 'signing', 'return', 'notifier']));
  const times = timeline.map((i) => i.time);
  expect([...times].sort()).toEqual(times);
}
