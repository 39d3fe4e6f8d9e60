import { viewFilterFor } from '../../src/data-access/dossier-list.query';

describe('dossier list query → store filter', () => {
  it('when nothing is asked, then every view matches', () => {
    expect(viewFilterFor({})).toEqual({});
  });

  it('when one status is asked, then it is an equality; when several, then "one of" without duplicates', () => {
    expect(viewFilterFor({ statuses: ['RECEIVED'] })).toEqual({ status: 'RECEIVED' });
    expect(viewFilterFor({ statuses: ['RECEIVED', 'IN_PROCESSING', 'RECEIVED'] })).toEqual({ status: ['RECEIVED', 'IN_PROCESSING'] });
  });

  it('when centre and overdue are asked, then overdue is matched on flags.overdue, both true and false', () => {
    expect(viewFilterFor({ centreId: 'c-1', overdue: true })).toEqual({ centreId: 'c-1', 'flags.overdue': true });
    expect(viewFilterFor({ overdue: false })).toEqual({ 'flags.overdue': false });
  });

  it('when dueBefore is asked, then it is a strict upper bound on the appointment, in UTC whatever offset it was given in', () => {
    expect(viewFilterFor({ dueBefore: '2026-01-01T07:00:00+07:00' })).toEqual({ appointmentAt: { lt: '2026-01-01T00:00:00.000Z' } });
  });
});
