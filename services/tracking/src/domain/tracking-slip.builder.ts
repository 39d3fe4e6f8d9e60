/**
 * Form 06, the processing-tracking slip, built from the read model: one row per step
 * of the timeline, named in Vietnamese, with who acted, the status it left and a note
 * (the reason, the new appointment, who it was assigned to). SMS notifications are
 * left out: the slip records the dossier's passage through the centre, not messages.
 */
import type { EventName } from '@motcua/contracts';
import { formatVietnamDateTime, type TrackingSlip, type TrackingSlipStep } from '@motcua/documents';
import type { DossierView, TimelineEntry } from './dossier-view.entity';

/** Every event's step name; a new event does not compile until it has one. */
export const stepNames: Record<EventName, string> = {
  DossierReceived: 'Tiếp nhận hồ sơ',
  PotentialDuplicateFlagged: 'Cảnh báo hồ sơ có thể trùng lặp',
  DossierInTransit: 'Chuyển hồ sơ về trung tâm',
  DossierArrived: 'Trung tâm nhận hồ sơ',
  DossierAssigned: 'Phân công xử lý',
  SupplementRequested: 'Yêu cầu bổ sung hồ sơ',
  SupplementProvided: 'Công dân bổ sung hồ sơ',
  ProcessingResumed: 'Tiếp tục giải quyết',
  DossierOverdue: 'Quá hạn',
  DossierExtended: 'Gia hạn, xin lỗi',
  ResultDrafted: 'Trình ký',
  SignatureDeclined: 'Trả lại, không ký',
  DocumentSigned: 'Ký số kết quả',
  DossierRejected: 'Từ chối giải quyết',
  ResultDispatched: 'Chuyển kết quả',
  ResultTransferred: 'Kết quả đến điểm tiếp nhận',
  ResultReady: 'Kết quả sẵn sàng',
  PostalPickupBooked: 'Đặt bưu điện chuyển kết quả',
  PostalPickupCollected: 'Bưu điện nhận kết quả',
  PostalDelivered: 'Bưu điện phát kết quả',
  PostalPickupFailed: 'Bưu điện không phát được, chuyển về quầy',
  ResultReturned: 'Trả kết quả',
  DossierWithdrawn: 'Rút hồ sơ',
  NotificationSent: 'Gửi tin nhắn',
  NotificationDelivered: 'Tin nhắn đã đến',
  NotificationFailed: 'Gửi tin nhắn không thành công',
};

const notifications: readonly EventName[] = ['NotificationSent', 'NotificationDelivered', 'NotificationFailed'];

/** Names the catalogue knows; each lookup may answer undefined, and the slip then prints the id. */
export interface SlipNames {
  centreName(centreId: string): string | undefined;
  receptionPointName(centreId: string, pointId: string): string | undefined;
  officerName(officerId: string): string | undefined;
}

function noteOf(entry: TimelineEntry, names: SlipNames): string | undefined {
  const notes: string[] = [];
  if (entry.name === 'DossierAssigned') notes.push(entry.assigneeId ? `Giao cho: ${names.officerName(entry.assigneeId) ?? entry.assigneeId}` : 'Trả về hàng chờ phân công');
  if (entry.reason) notes.push(`Lý do: ${entry.reason}`);
  if (entry.appointmentAt && entry.name !== 'DossierReceived') notes.push(`Hẹn trả kết quả: ${formatVietnamDateTime(entry.appointmentAt)}`);
  return notes.length > 0 ? notes.join('. ') : undefined;
}

function stepOf(entry: TimelineEntry, names: SlipNames): TrackingSlipStep {
  const note = noteOf(entry, names);
  return {
    step: stepNames[entry.name],
    event: entry.name,
    at: entry.time,
    ...(entry.actorRole ? { role: entry.actorRole } : {}),
    ...(entry.status ? { status: entry.status } : {}),
    ...(note ? { note } : {}),
  };
}

export function trackingSlipOf(view: DossierView, names: SlipNames, issuedAt: Date): TrackingSlip {
  const receptionPointName = view.receptionPointId ? names.receptionPointName(view.centreId, view.receptionPointId) : undefined;
  return {
    kind: 'tracking-slip',
    centreName: names.centreName(view.centreId) ?? view.centreId,
    ...(receptionPointName ? { receptionPointName } : {}),
    dossierCode: view.code,
    procedure: { code: view.procedureCode ?? '', name: view.procedureName ?? view.procedureCode ?? '' },
    applicant: { fullName: view.applicantName ?? '' },
    issuedAt: issuedAt.toISOString(),
    ...(view.receivedAt ? { receivedAt: view.receivedAt } : {}),
    ...(view.appointmentAt ? { appointmentAt: view.appointmentAt } : {}),
    status: view.status,
    flags: { overdue: view.flags.overdue, extended: view.flags.extended },
    steps: view.timeline.filter((entry) => !notifications.includes(entry.name)).map((entry) => stepOf(entry, names)),
  };
}
