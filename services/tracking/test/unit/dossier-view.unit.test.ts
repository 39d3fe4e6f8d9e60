import { createEvent, type EventEnvelope } from '@motcua/contracts';
import { dossierReceived } from '@motcua/testing';
import { project, type DossierView } from '../../src/domain/dossier-view.entity';

const base = { dossierId: 'd-1', dossierCode: 'PDN-251125-0001', centreId: 'hue-phong-dien' };
const t = (minute: number) => new Date(Date.UTC(2026, 10, 25, 2, minute));

const events: EventEnvelope[] = [
  dossierReceived({ ...base, receivedAt: t(0).toISOString() }, { time: t(0) }),
  createEvent({ name: 'DossierAssigned', time: t(1), data: { ...base, workItemId: 'w-1', assignedAt: t(1).toISOString() } }),
  createEvent({ name: 'ResultDrafted', time: t(2), data: { ...base, workItemId: 'w-1', procedureCode: '1.001193', result: { title: 'T', body: 'B' }, returnChannel: { type: 'counter' }, draftedAt: t(2).toISOString() } }),
  createEvent({ name: 'DossierOverdue', time: t(3), data: { ...base, workItemId: 'w-1', appointmentAt: t(0).toISOString(), detectedAt: t(3).toISOString() } }),
];

function fold(list: EventEnvelope[]): DossierView | undefined {
  return list.reduce<DossierView | undefined>((view, e) => project(view, e, 'trace-1'), undefined);
}

describe('tracking projection', () => {
  it('when events arrive in order, then the status follows the lifecycle and the timeline lists every step', () => {
    const view = fold(events) as DossierView;
    expect(view.status).toBe('AWAITING_SIGNATURE');
    expect(view.flags.overdue).toBe(true);
    expect(view.timeline.map((e) => e.name)).toEqual(['DossierReceived', 'DossierAssigned', 'ResultDrafted', 'DossierOverdue']);
    expect(view.appointmentAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('when events of one dossier arrive out of order from different topics, then the result is the same', () => {
    const shuffled = [events[2], events[0], events[3], events[1]] as EventEnvelope[];
    expect(fold(shuffled)).toEqual(fold(events));
  });

  it('when an event is delivered twice, then the view is unchanged', () => {
    const once = fold(events);
    expect(project(once, events[1] as EventEnvelope, 'trace-1')).toBe(once);
  });
});
