import { createEvent, catalogue as eventCatalogue, type EventEnvelope, type EventName } from '@motcua/contracts';
import { dossierReceived } from '@motcua/testing';
import { project, type DossierView } from '../../src/domain/dossier-view.entity';
import { stepNames, trackingSlipOf, type SlipNames } from '../../src/domain/tracking-slip.builder';

const base = { dossierId: 'd-1', dossierCode: 'PDN-261125-0001', centreId: 'hue-phong-dien' };
const work = { ...base, workItemId: 'w-1' };
const t = (minute: number) => new Date(Date.UTC(2026, 10, 25, 2, minute));
const iso = (minute: number) => t(minute).toISOString();

const names: SlipNames = {
  centreName: (id) => (id === 'hue-phong-dien' ? 'Trung tâm phục vụ hành chính công phường Phong Điền' : undefined),
  receptionPointName: (centre, point) => (centre === 'hue-phong-dien' && point === 'pdn-main' ? 'Quầy tiếp nhận trụ sở phường Phong Điền' : undefined),
  officerName: (id) => (id === 'pdn-specialist-1' ? 'Nguyễn Chuyên Viên' : undefined),
};

const events: EventEnvelope[] = [
  dossierReceived({ ...base, receivedAt: iso(0), appointmentAt: iso(360), actor: { role: 'reception' } }, { time: t(0) }),
  createEvent({ name: 'DossierAssigned', time: t(1), data: { ...work, assigneeId: 'pdn-specialist-1', assignedAt: iso(1) } }),
  createEvent({ name: 'SupplementRequested', time: t(10), data: { ...work, actor: { role: 'specialist' }, reason: 'Giấy chứng sinh bị mờ', requestedDocuments: [], requestedAt: iso(10) } }),
  createEvent({ name: 'NotificationSent', time: t(11), data: { ...base, notificationId: 'n-1', template: 'supplement', templateVersion: 1, channel: 'sms', provider: 'kannel', segments: 1, sentAt: iso(11) } }),
  createEvent({ name: 'ProcessingResumed', time: t(30), data: { ...work, clockRule: 'restart', appointmentAt: iso(600), resumedAt: iso(30) } }),
  createEvent({ name: 'DossierAssigned', time: t(31), data: { ...work, assigneeId: 'pdn-specialist-9', assignedAt: iso(31) } }),
];
const view = events.reduce<DossierView | undefined>((v, e) => project(v, e, undefined), undefined) as DossierView;

describe('tracking slip (form 06) from the read model', () => {
  it('when every event of the catalogue is named, then each has a Vietnamese step name', () => {
    const all = Object.keys(eventCatalogue) as EventName[];
    expect(all.filter((name) => !stepNames[name])).toEqual([]);
    expect(stepNames.DossierReceived).toBe('Tiếp nhận hồ sơ');
    expect(stepNames.ResultTransferred).toBe('Kết quả đến điểm tiếp nhận');
  });

  it('when built, then it carries the header facts, the current status and one step per business event, without notifications', () => {
    const slip = trackingSlipOf(view, names, t(40));
    expect(slip).toMatchObject({
      kind: 'tracking-slip',
      centreName: 'Trung tâm phục vụ hành chính công phường Phong Điền',
      receptionPointName: 'Quầy tiếp nhận trụ sở phường Phong Điền',
      dossierCode: 'PDN-261125-0001',
      procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
      applicant: { fullName: 'Trần Thị Bình' },
      issuedAt: iso(40),
      receivedAt: iso(0),
      appointmentAt: iso(600),
      status: 'IN_PROCESSING',
      flags: { overdue: false, extended: false },
    });
    expect(slip.applicant.idNumberLast4).toBeUndefined();
    expect(slip.steps.map((s) => s.step)).toEqual(['Tiếp nhận hồ sơ', 'Phân công xử lý', 'Yêu cầu bổ sung hồ sơ', 'Tiếp tục giải quyết', 'Phân công xử lý']);
    expect(slip.steps[0]).toEqual({ step: 'Tiếp nhận hồ sơ', event: 'DossierReceived', at: iso(0), role: 'reception', status: 'RECEIVED' });
  });

  it('when a step has a reason, a new appointment or an assignee, then the note says so, with officer names from the catalogue or the id', () => {
    const notes = trackingSlipOf(view, names, t(40)).steps.map((s) => s.note);
    expect(notes).toEqual([
      undefined,
      'Giao cho: Nguyễn Chuyên Viên',
      'Lý do: Giấy chứng sinh bị mờ',
      'Hẹn trả kết quả: 19 giờ 00 phút, ngày 25 tháng 11 năm 2026',
      'Giao cho: pdn-specialist-9',
    ]);
  });

  it('when the catalogue does not know the centre, then the centre id is printed instead', () => {
    const slip = trackingSlipOf({ ...view, centreId: 'hue-unknown' }, names, t(40));
    expect(slip.centreName).toBe('hue-unknown');
    expect(slip.receptionPointName).toBeUndefined();
  });
});
