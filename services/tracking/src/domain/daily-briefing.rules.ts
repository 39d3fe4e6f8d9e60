/**
 * The daily briefing the operations desk runs with every centre: per centre and
 * city-wide, what stood where and what happened on one Vietnamese calendar day.
 *
 * Everything is computed from the read model's timelines, so the briefing for any
 * past date is the same whenever it is asked (as long as the events are in):
 * - the "start" view is the state at 00:00 (Vietnam time) of the day, plus what is due
 *   that day and on the next working day;
 * - the "end" view is what happened during the day (received, returned, SMS failures)
 *   and the state at 24:00, plus the same due figures.
 *
 * What each figure counts, by the dossier's status at the view's instant:
 * - inProcessing: RECEIVED, IN_TRANSIT, IN_PROCESSING (accepted, not yet at signature,
 *   not waiting for the citizen);
 * - awaitingSignature: AWAITING_SIGNATURE;
 * - ready: SIGNED, RESULT_READY, REJECTED (a result or a refusal letter waiting to be
 *   handed over);
 * - supplementsOutstanding: SUPPLEMENT_REQUESTED;
 * - overdue, dueToday, dueTomorrow: among dossiers whose work is still pending (the
 *   clock runs: RECEIVED, IN_TRANSIT, IN_PROCESSING, AWAITING_SIGNATURE), those flagged
 *   overdue, and those with the appointment on the day / on the next working day;
 * - postalOutstanding: a postal pickup booked and neither collected, delivered nor failed;
 * - received: dossiers whose receipt time (at the satellite point, if there) is in the
 *   day, by submission channel and reception point; returned: results (or refusals)
 *   handed over in the day; smsFailures: NotificationFailed steps in the day.
 */
import { stateAt, type DossierStatus, type DossierView, type TimelineEntry } from './dossier-view.entity';

export const briefingViews = ['start', 'end'] as const;
export type BriefingView = (typeof briefingViews)[number];

export interface BriefingCentre {
  id: string;
  name: string;
  receptionPoints: { id: string; name: string }[];
}

export interface BriefingInput {
  /** Vietnamese calendar day, `YYYY-MM-DD`. */
  date: string;
  view: BriefingView;
  /** The centres to report, in order (all 40, or the one asked for). */
  centres: BriefingCentre[];
  /** The working day after `date` (the calendar's), for "due tomorrow". */
  nextWorkingDay: string;
}

export interface ReceivedCount {
  id: string;
  name: string;
  count: number;
}

export interface BriefingFigures {
  /** Only in the "end" view: dossiers received during the day. */
  received?: number;
  receivedByChannel?: Record<string, number>;
  receivedByReceptionPoint?: ReceivedCount[];
  /** Only in the "end" view: results and refusals handed over during the day. */
  returned?: number;
  /** Only in the "end" view: SMS that failed during the day. */
  smsFailures?: number;
  inProcessing: number;
  awaitingSignature: number;
  ready: number;
  overdue: number;
  dueToday: number;
  dueTomorrow: number;
  supplementsOutstanding: number;
  postalOutstanding: number;
}

export interface CentreBriefing extends BriefingFigures {
  centreId: string;
  centreName: string;
}

export interface DailyBriefing {
  date: string;
  view: BriefingView;
  /** The instant the state figures describe: the day's start or its end (ISO, UTC). */
  stateAt: string;
  dayStart: string;
  dayEnd: string;
  nextWorkingDay: string;
  centres: CentreBriefing[];
  cityWide: BriefingFigures;
}

export const submissionChannels = ['counter', 'portal'] as const;

const inProcessing: readonly DossierStatus[] = ['RECEIVED', 'IN_TRANSIT', 'IN_PROCESSING'];
const ready: readonly DossierStatus[] = ['SIGNED', 'RESULT_READY', 'REJECTED'];
/** Where the dossier's clock runs: the statuses an overdue flag counts in (here and in the metrics). */
export const pendingStatuses: readonly DossierStatus[] = [...inProcessing, 'AWAITING_SIGNATURE'];
const postalSteps = new Set(['PostalPickupBooked', 'PostalPickupCollected', 'PostalDelivered', 'PostalPickupFailed']);

/** 00:00 of a Vietnamese calendar day as a UTC ISO time (Vietnam is UTC+7 all year). */
export function vietnamDayStart(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}

const within = (time: string | undefined, from: string, to: string) => {
  if (time === undefined) return false;
  const t = new Date(time).toISOString();
  return t >= from && t < to;
};

/** Zero figures; a centre's reception points are listed even when nothing came in there. */
function emptyFigures(view: BriefingView, centre?: BriefingCentre): BriefingFigures {
  const state = { inProcessing: 0, awaitingSignature: 0, ready: 0, overdue: 0, dueToday: 0, dueTomorrow: 0, supplementsOutstanding: 0, postalOutstanding: 0 };
  if (view === 'start') return state;
  return {
    received: 0,
    receivedByChannel: Object.fromEntries(submissionChannels.map((c) => [c, 0])),
    receivedByReceptionPoint: (centre?.receptionPoints ?? []).map((p) => ({ id: p.id, name: p.name, count: 0 })),
    returned: 0,
    smsFailures: 0,
    ...state,
  };
}

function countIn(list: ReceivedCount[], id: string, name: string): void {
  const found = list.find((item) => item.id === id);
  if (found) found.count += 1;
  else list.push({ id, name, count: 1 });
}

interface Bounds {
  dayStart: string;
  dayEnd: string;
  tomorrowStart: string;
  tomorrowEnd: string;
  instant: string;
}

/** Adds one dossier to its centre's figures. */
function addDossier(figures: BriefingFigures, view: DossierView, centre: BriefingCentre | undefined, bounds: Bounds, briefingView: BriefingView): void {
  const { dayStart, dayEnd, tomorrowStart, tomorrowEnd, instant } = bounds;
  if (briefingView === 'end') {
    const inDay = (entry: TimelineEntry) => within(entry.time, dayStart, dayEnd);
    if (within(view.receivedAt, dayStart, dayEnd)) {
      figures.received = (figures.received ?? 0) + 1;
      const channel = view.submissionChannel ?? 'unknown';
      const byChannel = (figures.receivedByChannel ??= {});
      byChannel[channel] = (byChannel[channel] ?? 0) + 1;
      const pointId = view.receptionPointId ?? 'unknown';
      const pointName = centre?.receptionPoints.find((p) => p.id === pointId)?.name ?? pointId;
      countIn((figures.receivedByReceptionPoint ??= []), pointId, pointName);
    }
    figures.returned = (figures.returned ?? 0) + view.timeline.filter((e) => e.name === 'ResultReturned' && inDay(e)).length;
    figures.smsFailures = (figures.smsFailures ?? 0) + view.timeline.filter((e) => e.name === 'NotificationFailed' && inDay(e)).length;
  }

  const state = stateAt(view, instant);
  if (!state) return;
  const { status } = state;
  if (inProcessing.includes(status)) figures.inProcessing += 1;
  if (status === 'AWAITING_SIGNATURE') figures.awaitingSignature += 1;
  if (ready.includes(status)) figures.ready += 1;
  if (status === 'SUPPLEMENT_REQUESTED') figures.supplementsOutstanding += 1;
  if (pendingStatuses.includes(status)) {
    if (state.flags.overdue) figures.overdue += 1;
    if (within(state.appointmentAt, dayStart, dayEnd)) figures.dueToday += 1;
    if (within(state.appointmentAt, tomorrowStart, tomorrowEnd)) figures.dueTomorrow += 1;
  }
  const lastPostal = state.timeline.filter((e) => postalSteps.has(e.name)).pop();
  if (lastPostal?.name === 'PostalPickupBooked') figures.postalOutstanding += 1;
}

function addFigures(total: BriefingFigures, part: BriefingFigures): void {
  const numeric = ['inProcessing', 'awaitingSignature', 'ready', 'overdue', 'dueToday', 'dueTomorrow', 'supplementsOutstanding', 'postalOutstanding'] as const;
  for (const key of numeric) total[key] += part[key];
  if (total.received === undefined || part.received === undefined) return;
  total.received += part.received;
  total.returned = (total.returned ?? 0) + (part.returned ?? 0);
  total.smsFailures = (total.smsFailures ?? 0) + (part.smsFailures ?? 0);
  const byChannel = (total.receivedByChannel ??= {});
  for (const [channel, count] of Object.entries(part.receivedByChannel ?? {})) byChannel[channel] = (byChannel[channel] ?? 0) + count;
  const byPoint = (total.receivedByReceptionPoint ??= []);
  for (const point of part.receivedByReceptionPoint ?? []) {
    const found = byPoint.find((p) => p.id === point.id);
    if (found) found.count += point.count;
    else byPoint.push({ ...point });
  }
}

/**
 * The briefing over the given views (any superset of the dossiers that matter: views
 * of other centres and dossiers closed before the day count for nothing).
 */
export function computeBriefing(views: readonly DossierView[], input: BriefingInput): DailyBriefing {
  const dayStart = vietnamDayStart(input.date);
  const dayEnd = new Date(new Date(dayStart).getTime() + 86_400_000).toISOString();
  const tomorrowStart = vietnamDayStart(input.nextWorkingDay);
  const tomorrowEnd = new Date(new Date(tomorrowStart).getTime() + 86_400_000).toISOString();
  const instant = input.view === 'start' ? dayStart : dayEnd;
  const bounds: Bounds = { dayStart, dayEnd, tomorrowStart, tomorrowEnd, instant };

  const centres = input.centres.map((centre) => ({ centre, figures: emptyFigures(input.view, centre) }));
  const byId = new Map(centres.map((entry) => [entry.centre.id, entry]));
  for (const view of views) {
    const entry = byId.get(view.centreId);
    if (entry) addDossier(entry.figures, view, entry.centre, bounds, input.view);
  }

  const cityWide = emptyFigures(input.view);
  for (const { figures } of centres) addFigures(cityWide, figures);
  // City-wide, only the points something came in at: 40 centres' points would bury them.
  if (cityWide.receivedByReceptionPoint) cityWide.receivedByReceptionPoint = cityWide.receivedByReceptionPoint.filter((p) => p.count > 0);
  return {
    date: input.date,
    view: input.view,
    stateAt: instant,
    dayStart,
    dayEnd,
    nextWorkingDay: input.nextWorkingDay,
    centres: centres.map(({ centre, figures }) => ({ centreId: centre.id, centreName: centre.name, ...figures })),
    cityWide,
  };
}
