import { citizenLookupAnswer, electronicResultOf, phoneDigitsMatch, type LookupNames } from '../../src/domain/citizen-lookup.rules';
import type { DossierView, TimelineEntry } from '../../src/domain/dossier-view.entity';

const names: LookupNames = {
  centreName: (id) => (id === 'hue-phong-dien' ? 'Trung tâm Phong Điền' : undefined),
  receptionPointName: (_centre, point) => ({ 'pdn-main': 'Quầy trụ sở', 'pdn-phong-my': 'Điểm Phong Mỹ' })[point],
  postalPoint: (code) => (code === 'DBC-PDN-01' ? { name: 'Bưu cục 1', address: 'Số 1', openingHours: 'T2–T7' } : undefined),
};

const step = (name: TimelineEntry['name'], time: string, extra: Partial<TimelineEntry> = {}): TimelineEntry => ({ eventId: `${name}-${time}`, name, type: name, service: 's', time, ...extra });

function view(overrides: Partial<DossierView> = {}): DossierView {
  return {
    id: 'd-1',
    code: 'PDN-261125-0001',
    centreId: 'hue-phong-dien',
    receptionPointId: 'pdn-phong-my',
    status: 'RESULT_READY',
    flags: { overdue: false, extended: false, potentialDuplicate: false },
    phoneLast4: '5678',
    returnChannel: { type: 'counter' },
    appointmentAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T09:00:00.000Z',
    timeline: [step('DossierReceived', '2026-11-25T02:00:00.000Z')],
    ...overrides,
  };
}

describe('citizen lookup rules', () => {
  it('when the digits are the last four of the phone, then they match; anything else, or no phone on record, does not', () => {
    expect(phoneDigitsMatch(view(), '5678')).toBe(true);
    expect(phoneDigitsMatch(view(), '5679')).toBe(false);
    expect(phoneDigitsMatch(view(), '678')).toBe(false);
    expect(phoneDigitsMatch(view({ phoneLast4: undefined }), '5678')).toBe(false);
  });

  it('when the citizen collects at the counter, then the place is the point the dossier was received at', () => {
    expect(citizenLookupAnswer(view(), names).collection).toEqual({ channel: 'counter', place: { name: 'Điểm Phong Mỹ' }, fellBackToCounter: false, downloadable: false });
  });

  it('when a postal pickup is booked, then the point and tracking code are given; when the post then fails, the counter is', () => {
    const booked = step('PostalPickupBooked', '2026-11-25T09:00:00.000Z', { postal: { postalPointId: 'DBC-PDN-01', trackingCode: 'EB1VN' } });
    const postal = view({ returnChannel: { type: 'postal_point', postalPointId: 'DBC-PDN-01' }, timeline: [booked] });
    expect(citizenLookupAnswer(postal, names).collection).toEqual({
      channel: 'postal_point',
      place: { name: 'Bưu cục 1', address: 'Số 1', openingHours: 'T2–T7' },
      trackingCode: 'EB1VN',
      fellBackToCounter: false,
      downloadable: false,
    });
    const failed = { ...postal, timeline: [booked, step('PostalPickupFailed', '2026-11-26T09:00:00.000Z')] };
    expect(citizenLookupAnswer(failed, names).collection).toEqual({ channel: 'counter', place: { name: 'Trung tâm Phong Điền' }, fellBackToCounter: true, downloadable: false });
  });

  it('when an electronic result is signed and ready, then it is downloadable by its result id; a rejection letter or an unsigned one is not', () => {
    const ready = view({
      returnChannel: { type: 'electronic' },
      timeline: [step('DocumentSigned', '2026-11-25T08:00:00.000Z'), step('ResultReady', '2026-11-25T08:01:00.000Z', { resultId: 'r-1' })],
    });
    expect(electronicResultOf(ready)).toBe('r-1');
    expect(citizenLookupAnswer(ready, names).collection.downloadable).toBe(true);
    expect(electronicResultOf({ ...ready, status: 'REJECTED' })).toBeUndefined();
    expect(electronicResultOf({ ...ready, timeline: [step('ResultReady', '2026-11-25T08:01:00.000Z', { resultId: 'r-1' })] })).toBeUndefined();
    expect(electronicResultOf({ ...ready, returnChannel: { type: 'counter' } })).toBeUndefined();
  });

  it('when the answer is built, then it carries status, appointment and flags, and no personal field', () => {
    const answer = citizenLookupAnswer(view({ applicantName: 'Trần Thị Bình', flags: { overdue: true, extended: false, potentialDuplicate: true } }), names);
    expect(answer).toMatchObject({ code: 'PDN-261125-0001', status: 'RESULT_READY', centreName: 'Trung tâm Phong Điền', appointmentAt: '2026-11-25T10:00:00.000Z', overdue: true, extended: false });
    expect(JSON.stringify(answer)).not.toMatch(/Trần Thị Bình|5678|potentialDuplicate|timeline/);
  });
});
