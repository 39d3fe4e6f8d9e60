import { eligibleSpecialists, leastLoaded } from '../../src/domain/assignment.rules';
import { catalogue } from '../support/in-memory-processing';

describe('assignment rules', () => {
  it('when a procedure is of the civil-status sector, then the specialists of that sector and those with every sector are eligible, not the land specialist', () => {
    expect(eligibleSpecialists(catalogue, 'hue-phong-dien', 'Hộ tịch').map((o) => o.id)).toEqual(['pdn-specialist-1', 'pdn-specialist-2']);
    expect(eligibleSpecialists(catalogue, 'hue-phong-dien', 'Đất đai').map((o) => o.id)).toEqual(['pdn-specialist-2', 'pdn-specialist-3']);
  });

  it('only specialists of the dossier’s centre are eligible', () => {
    expect(eligibleSpecialists(catalogue, 'hue-kim-long', 'Hộ tịch').every((o) => o.centreId === 'hue-kim-long' && o.role === 'specialist')).toBe(true);
  });

  it('when loads differ, then the least-loaded candidate is chosen', () => {
    const loads: Record<string, number> = { a: 3, b: 1, c: 2 };
    expect(leastLoaded([{ id: 'a' }, { id: 'b' }, { id: 'c' }], (o) => loads[o.id] ?? 0)?.id).toBe('b');
  });

  it('when loads tie, then the lowest officer id wins whatever the order of the list', () => {
    expect(leastLoaded([{ id: 'pdn-specialist-2' }, { id: 'pdn-specialist-1' }], () => 0)?.id).toBe('pdn-specialist-1');
  });

  it('when there is no candidate, then nobody is chosen', () => {
    expect(leastLoaded([], () => 0)).toBeUndefined();
  });
});
