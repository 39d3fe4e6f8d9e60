/**
 * The citizen lookup: a dossier code and the last four digits of the applicant's
 * phone give the status, the appointment and where and how to collect the result —
 * and nothing else about the dossier. A wrong code and wrong digits are the same
 * answer, so the page cannot be used to find out which codes exist.
 */
import { timingSafeEqual } from 'node:crypto';
import type { CollectionChoice, DossierStatus, DossierView, TimelineEntry } from './dossier-view.entity';

export interface LookupPlace {
  name: string;
  address?: string;
  openingHours?: string;
}

/** The names the answer needs, from the catalogue and the postal-point registry. */
export interface LookupNames {
  centreName(centreId: string): string | undefined;
  receptionPointName(centreId: string, pointId: string): string | undefined;
  postalPoint(code: string): LookupPlace | undefined;
}

/** Asks return for an electronic result's download link, as the portal does on the citizen's behalf. */
export type DownloadLinkIssuer = (resultId: string) => Promise<{ url: string; expiresAt: string }>;

export interface Collection {
  channel: CollectionChoice['type'];
  /** Where to go, when there is a place to go to. */
  place?: LookupPlace;
  /** The postal operator's tracking code, once a pickup is booked. */
  trackingCode?: string;
  /** The post could not deliver: the result waits at the centre's counter instead. */
  fellBackToCounter: boolean;
  /** An electronic result that can be downloaded now. */
  downloadable: boolean;
}

export interface CitizenLookupAnswer {
  code: string;
  status: DossierStatus;
  procedureName?: string;
  centreName?: string;
  receivedAt?: string;
  appointmentAt?: string;
  overdue: boolean;
  extended: boolean;
  collection: Collection;
  updatedAt: string;
}

/** Four digits, compared in constant time; a view without a phone never matches. */
export function phoneDigitsMatch(view: DossierView, digits: string): boolean {
  if (!view.phoneLast4 || !/^[0-9]{4}$/.test(digits)) return false;
  return timingSafeEqual(Buffer.from(view.phoneLast4), Buffer.from(digits));
}

const lastOf = (timeline: TimelineEntry[], name: TimelineEntry['name']): TimelineEntry | undefined => timeline.filter((e) => e.name === name).at(-1);

function collectionOf(view: DossierView, names: LookupNames): Collection {
  const choice: CollectionChoice = view.returnChannel ?? { type: 'counter' };
  const booked = lastOf(view.timeline, 'PostalPickupBooked');
  const failed = lastOf(view.timeline, 'PostalPickupFailed');
  const fellBack = failed !== undefined && (booked === undefined || failed.time >= booked.time);
  const counterPointId = fellBack ? undefined : (choice.receptionPointId ?? view.receptionPointId);
  const counterName = (counterPointId && names.receptionPointName(view.centreId, counterPointId)) || names.centreName(view.centreId);
  const counter = counterName ? { place: { name: counterName } } : {};
  if (fellBack) return { channel: 'counter', ...counter, fellBackToCounter: true, downloadable: false };
  const trackingCode = booked?.postal?.trackingCode;
  const tracking = trackingCode ? { trackingCode } : {};
  switch (choice.type) {
    case 'counter':
      return { channel: 'counter', ...counter, fellBackToCounter: false, downloadable: false };
    case 'postal_point': {
      const pointId = booked?.postal?.postalPointId ?? choice.postalPointId;
      const point = pointId ? names.postalPoint(pointId) : undefined;
      return { channel: 'postal_point', ...(point ? { place: point } : {}), ...tracking, fellBackToCounter: false, downloadable: false };
    }
    case 'postal_home':
      return { channel: 'postal_home', ...tracking, fellBackToCounter: false, downloadable: false };
    case 'electronic':
      return { channel: 'electronic', fellBackToCounter: false, downloadable: electronicResultOf(view) !== undefined };
  }
}

/** The result an electronic download serves: a signed result that is ready (or already fetched), never a rejection letter. */
export function electronicResultOf(view: DossierView): string | undefined {
  if (view.returnChannel?.type !== 'electronic' || !['RESULT_READY', 'RETURNED'].includes(view.status)) return undefined;
  if (!view.timeline.some((e) => e.name === 'DocumentSigned')) return undefined;
  return lastOf(view.timeline, 'ResultReady')?.resultId;
}

export function citizenLookupAnswer(view: DossierView, names: LookupNames): CitizenLookupAnswer {
  const centreName = names.centreName(view.centreId);
  return {
    code: view.code,
    status: view.status,
    ...(view.procedureName ? { procedureName: view.procedureName } : {}),
    ...(centreName ? { centreName } : {}),
    ...(view.receivedAt ? { receivedAt: view.receivedAt } : {}),
    ...(view.appointmentAt ? { appointmentAt: view.appointmentAt } : {}),
    overdue: view.flags.overdue,
    extended: view.flags.extended,
    collection: collectionOf(view, names),
    updatedAt: view.updatedAt,
  };
}
