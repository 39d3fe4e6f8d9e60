import { computeBriefing, vietnamDayStart } from '../../src/domain/daily-briefing.rules';
import { briefingCentres, briefingDate, briefingNextWorkingDay, briefingViews, centreA, centreB, expected } from '../fixtures/briefing-day.fixture';

const briefing = (view: 'start' | 'end', views = briefingViews) => computeBriefing(views, { date: briefingDate, view, centres: briefingCentres, nextWorkingDay: briefingNextWorkingDay });
const figuresOf = (answer: ReturnType<typeof briefing>, centreId: string) => {
  const { centreId: _id, centreName: _name, ...figures } = answer.centres.find((c) => c.centreId === centreId) ?? {};
  return figures;
};

describe('daily briefing', () => {
  it('when the day is a Vietnamese calendar day, then it runs from 00:00 to 24:00 Vietnam time', () => {
    const answer = briefing('start');
    expect(vietnamDayStart('2026-11-27')).toBe('2026-11-26T17:00:00.000Z');
    expect(answer).toMatchObject({ date: '2026-11-27', dayStart: '2026-11-26T17:00:00.000Z', dayEnd: '2026-11-27T17:00:00.000Z', nextWorkingDay: '2026-11-30' });
    expect(answer.stateAt).toBe(answer.dayStart);
    expect(briefing('end').stateAt).toBe(answer.dayEnd);
  });

  it('when the start of day is asked, then each centre shows its state at 00:00 and what is due, without the day’s activity', () => {
    const answer = briefing('start');
    expect(figuresOf(answer, centreA)).toEqual(expected.start[centreA]);
    expect(figuresOf(answer, centreB)).toEqual(expected.start[centreB]);
  });

  it('when the start of day is asked, then the city-wide figures are the sums of the centres', () => {
    expect(briefing('start').cityWide).toEqual(expected.start.city);
  });

  it('when the end of day is asked, then each centre shows what came in (by channel and point), went out and failed, and its state at 24:00', () => {
    const answer = briefing('end');
    expect(figuresOf(answer, centreA)).toEqual(expected.end[centreA]);
    expect(figuresOf(answer, centreB)).toEqual(expected.end[centreB]);
  });

  it('when the end of day is asked, then the city-wide figures add up and list only the reception points something came in at', () => {
    expect(briefing('end').cityWide).toEqual(expected.end.city);
  });

  it('when a centre has no dossier, then it is still listed with zeros', () => {
    const answer = computeBriefing([], { date: briefingDate, view: 'end', centres: briefingCentres, nextWorkingDay: briefingNextWorkingDay });
    expect(answer.centres.map((c) => [c.centreId, c.received, c.inProcessing])).toEqual([
      [centreA, 0, 0],
      [centreB, 0, 0],
    ]);
  });

  it('when views of other centres are given, then they count for nothing', () => {
    const onlyA = computeBriefing(briefingViews, { date: briefingDate, view: 'end', centres: briefingCentres.slice(0, 1), nextWorkingDay: briefingNextWorkingDay });
    expect(onlyA.centres).toHaveLength(1);
    const { receivedByReceptionPoint: _points, ...cityFigures } = onlyA.cityWide;
    const { centreId: _id, centreName: _name, receivedByReceptionPoint: _p, ...centreFigures } = onlyA.centres[0] as (typeof onlyA.centres)[number];
    expect(cityFigures).toEqual(centreFigures);
  });

  it('when the order of the views changes, then the briefing does not', () => {
    expect(briefing('end', [...briefingViews].reverse())).toEqual(briefing('end'));
  });
});
