import { findCentre, type Centre } from '@motcua/catalogue';
import { hasRounds, isRoundOf, latestRoundAtOrBefore, nextRoundAfter, roundInstant, roundsOn } from '../../src/domain/round-schedule.rules';
import { calendar, catalogue } from '../support/memory-intake';

const centre = (id: string): Centre => findCentre(catalogue, id) as Centre;
const phongDien = centre('hue-phong-dien'); // rounds 08:30 10:30 13:30 15:30
const local = (iso: string) => new Date(`${iso}+07:00`);
const slotText = (slot: { date: string; time: string } | undefined) => (slot ? `${slot.date} ${slot.time}` : undefined);

describe('transfer round schedule (Asia/Ho_Chi_Minh)', () => {
  it('when a round time is read, then it is that wall-clock time in Vietnam whatever the machine zone', () => {
    expect(roundInstant('2026-12-02', '10:30').toISOString()).toBe('2026-12-02T03:30:00.000Z');
  });

  it('when it is a working day, then the centre has its four rounds, in order', () => {
    expect(roundsOn(phongDien, calendar, '2026-12-02').map((s) => s.time)).toEqual(['08:30', '10:30', '13:30', '15:30']);
  });

  it.each([
    ['between two rounds', '2026-12-02T09:50:00', '2026-12-02 10:30'],
    ['exactly at a round (that round is due, the next is next)', '2026-12-02T10:30:00', '2026-12-02 13:30'],
    ['after the last round of a Wednesday', '2026-12-02T15:31:00', '2026-12-03 08:30'],
    ['after the last round of a Friday (the weekend has no rounds)', '2026-12-04T16:00:00', '2026-12-07 08:30'],
    ['on a Sunday', '2026-12-06T10:00:00', '2026-12-07 08:30'],
    ['before the 30/4–1/5 holidays (Thursday, Friday, then the weekend)', '2026-04-29T15:45:00', '2026-05-04 08:30'],
    ['before Tết Bính Ngọ', '2026-02-13T16:00:00', '2026-02-23 08:30'],
    ['before a compensatory working Saturday (làm bù 10/01/2026)', '2026-01-09T16:00:00', '2026-01-10 08:30'],
  ])('when it is %s, then the next round is the right one', (_what, now, expected) => {
    expect(slotText(nextRoundAfter(phongDien, calendar, local(now)))).toBe(expected);
  });

  it.each([
    ['during the day', '2026-12-02T11:00:00', '2026-12-02 10:30'],
    ['exactly at a round', '2026-12-02T13:30:00', '2026-12-02 13:30'],
    ['early on a Monday', '2026-12-07T07:00:00', '2026-12-04 15:30'],
    ['on the day after a holiday break', '2026-05-04T08:00:00', '2026-04-29 15:30'],
  ])('when it is %s, then the latest due round is the right one', (_what, now, expected) => {
    expect(slotText(latestRoundAtOrBefore(phongDien, calendar, local(now)))).toBe(expected);
  });

  it('when the day is a holiday or a compensatory day off, then there are no rounds', () => {
    expect(roundsOn(phongDien, calendar, '2026-04-30')).toEqual([]);
    expect(roundsOn(phongDien, calendar, '2026-01-02')).toEqual([]);
    expect(isRoundOf(phongDien, calendar, '2026-04-30', '10:30')).toBe(false);
  });

  it('when a time is not one of the centre rounds, then it is not a round', () => {
    expect(isRoundOf(phongDien, calendar, '2026-12-02', '10:30')).toBe(true);
    expect(isRoundOf(phongDien, calendar, '2026-12-02', '11:00')).toBe(false);
  });

  it('when a centre has no satellite point or no round time, then it has no rounds and no next round', () => {
    const kimLong = centre('hue-kim-long');
    expect(hasRounds(phongDien)).toBe(true);
    expect(hasRounds(kimLong)).toBe(false);
    expect(nextRoundAfter(kimLong, calendar, local('2026-12-02T09:00:00'))).toBeUndefined();
  });
});
