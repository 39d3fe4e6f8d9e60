import { transition, type WorkItem } from '../../src/domain/work-item.entity';

const item = (status: WorkItem['status']): WorkItem => ({
  id: 'w-1',
  dossierId: 'd-1',
  dossierCode: 'PDN-251125-0001',
  centreId: 'hue-phong-dien',
  procedureCode: '1.001193',
  status,
  returnChannel: { type: 'counter' },
  receivedAt: '2026-11-25T02:00:00.000Z',
  appointmentAt: '2026-11-25T10:00:00.000Z',
  createdAt: '2026-11-25T02:00:00.000Z',
  updatedAt: '2026-11-25T02:00:00.000Z',
  history: [],
});
const now = new Date('2026-11-25T03:00:00Z');

describe('work item transitions', () => {
  it('when a specialist approves an open item, then it awaits signature and the step is in its history', () => {
    const next = transition(item('OPEN'), 'approve', { role: 'specialist', id: 'cv-1' }, now);
    expect(next.status).toBe('AWAITING_SIGNATURE');
    expect(next.history).toEqual([{ action: 'approve', at: now.toISOString(), role: 'specialist', actorId: 'cv-1' }]);
  });

  it('when an item awaiting signature is approved again, then it is refused as an invalid transition', () => {
    expect(() => transition(item('AWAITING_SIGNATURE'), 'approve', { role: 'specialist' }, now)).toThrow(expect.objectContaining({ code: 'PROCESSING.INVALID_TRANSITION', status: 409 }));
  });

  it('when a courier tries to reject, then the role is refused', () => {
    expect(() => transition(item('OPEN'), 'reject', { role: 'courier' }, now)).toThrow(expect.objectContaining({ code: 'PROCESSING.ROLE_NOT_ALLOWED', status: 403 }));
  });

  it('when signing declines, then the item goes back to the open queue; when it signs, the item is done', () => {
    expect(transition(item('AWAITING_SIGNATURE'), 'signatureDeclined', { role: 'system' }, now).status).toBe('OPEN');
    expect(transition(item('AWAITING_SIGNATURE'), 'signed', { role: 'system' }, now).status).toBe('DONE');
  });
});
