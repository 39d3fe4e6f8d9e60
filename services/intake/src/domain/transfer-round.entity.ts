/**
 * A transfer round (vòng luân chuyển): one courier trip between a satellite point and
 * its main centre at one of the centre's round times. Its manifest is frozen when it is
 * produced at the round time: the dossiers waiting at the point go in, the results
 * waiting for the point go out. The courier then confirms the pickup at the satellite
 * point and the arrival at the main centre, item by item.
 */

/** `<pointId>:<yyyymmdd>:<HHmm>`, e.g. `pdn-phong-my:20261202:1030`. */
export type TransferRoundId = string;

export type InboundStatus =
  /** On the manifest, not picked up yet. */
  | 'listed'
  /** Picked up: the courier carries it to the main centre. */
  | 'in-transit'
  | 'arrived'
  /** Not taken at pickup (the courier confirmed others): it waits for the next round. */
  | 'left-behind'
  /** No longer waiting when the courier came (withdrawn, or carried by another round). */
  | 'skipped';

export interface InboundItem {
  dossierId: string;
  dossierCode: string;
  procedureCode: string;
  receivedAt: string;
  status: InboundStatus;
  departedAt?: string;
  arrivedAt?: string;
}

export type OutboundStatus = 'listed' | 'transferred' | 'left-behind' | 'skipped';

export interface OutboundItem {
  resultId: string;
  dossierId: string;
  dossierCode: string;
  dispatchedAt: string;
  status: OutboundStatus;
  transferredAt?: string;
}

export interface CourierStep {
  at: string;
  officerId?: string;
}

export interface TransferRound {
  id: TransferRoundId;
  centreId: string;
  receptionPointId: string;
  /** Vietnam calendar day, `YYYY-MM-DD`. */
  date: string;
  /** Local round time, `HH:mm`. */
  time: string;
  /** The round time as an instant. */
  roundAt: string;
  producedAt: string;
  /** `timer` at the round time, `on-demand` when someone asked for it before the timer fired. */
  producedBy: 'timer' | 'on-demand';
  status: 'produced' | 'picked-up' | 'arrived';
  inbound: InboundItem[];
  outbound: OutboundItem[];
  pickup?: CourierStep;
  arrival?: CourierStep;
}

/** A result signed at the main centre that waits to be carried out to a satellite point (from return's ResultDispatched). */
export interface OutboundResult {
  /** The result id. */
  id: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  receptionPointId: string;
  dispatchedAt: string;
  status: 'waiting' | 'transferred';
  roundId?: string;
  transferredAt?: string;
  /** The trace of the dispatch, continued by the transfer. */
  traceparent?: string;
}

const ROUND_ID = /^([a-z0-9]+(?:-[a-z0-9]+)*):(\d{4})(\d{2})(\d{2}):([01]\d|2[0-3])([0-5]\d)$/;

export function transferRoundId(receptionPointId: string, date: string, time: string): TransferRoundId {
  return `${receptionPointId}:${date.replace(/-/g, '')}:${time.replace(':', '')}`;
}

/** The parts of a round id, or undefined when it is not one. */
export function parseTransferRoundId(id: string): { receptionPointId: string; date: string; time: string } | undefined {
  const match = ROUND_ID.exec(id);
  if (!match) return undefined;
  const [, point, yyyy, mm, dd, hh, min] = match as unknown as [string, string, string, string, string, string, string];
  return { receptionPointId: point, date: `${yyyy}-${mm}-${dd}`, time: `${hh}:${min}` };
}
