import { findCentre } from '@motcua/catalogue';
import { routeResult } from '../../src/domain/result-routing.rules';
import { catalogue } from '../support/in-memory-return';

const phongDien = findCentre(catalogue, 'hue-phong-dien');
const kimLong = findCentre(catalogue, 'hue-kim-long');

describe('where a result goes', () => {
  it('when the citizen collects at the main counter, named or not, then it is ready at once at the main point', () => {
    expect(routeResult({ type: 'counter', receptionPointId: 'pdn-main' }, phongDien)).toEqual({ route: 'ready', receptionPointId: 'pdn-main' });
    expect(routeResult({ type: 'counter' }, phongDien)).toEqual({ route: 'ready', receptionPointId: 'pdn-main' });
    expect(routeResult({ type: 'counter' }, kimLong)).toEqual({ route: 'ready', receptionPointId: 'klg-main' });
  });

  it('when the citizen collects at a satellite point, then it waits for the next transfer round to that point', () => {
    expect(routeResult({ type: 'counter', receptionPointId: 'pdn-phong-my' }, phongDien)).toEqual({ route: 'transfer', receptionPointId: 'pdn-phong-my' });
    expect(routeResult({ type: 'counter', receptionPointId: 'pdn-phong-xuan' }, phongDien)).toEqual({ route: 'transfer', receptionPointId: 'pdn-phong-xuan' });
  });

  it('when the result goes by post or by download, then it is ready at once with no counter point', () => {
    expect(routeResult({ type: 'postal_point', postalPointId: 'bc-530000' }, phongDien)).toEqual({ route: 'ready' });
    expect(routeResult({ type: 'postal_home', address: '12 Lê Lợi, Huế' }, phongDien)).toEqual({ route: 'ready' });
    expect(routeResult({ type: 'electronic', email: 'a@example.vn' }, phongDien)).toEqual({ route: 'ready' });
    // A point named on a non-counter channel does not send it on a round.
    expect(routeResult({ type: 'electronic', receptionPointId: 'pdn-phong-my' }, phongDien)).toEqual({ route: 'ready' });
  });

  it('when the point is not (or no longer) in the catalogue for the centre, then the result waits at the main counter', () => {
    expect(routeResult({ type: 'counter', receptionPointId: 'klg-main' }, phongDien)).toEqual({ route: 'ready', receptionPointId: 'pdn-main' });
    expect(routeResult({ type: 'counter', receptionPointId: 'pdn-phong-my' }, undefined)).toEqual({ route: 'ready', receptionPointId: 'pdn-phong-my' });
    expect(routeResult({ type: 'counter' }, undefined)).toEqual({ route: 'ready' });
  });
});
