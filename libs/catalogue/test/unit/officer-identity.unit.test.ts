import { isAppError } from '@motcua/errors';
import { assertSameCentre, findOfficer, handlesSector, loadCatalogue, officerFromToken, type Officer } from '@motcua/catalogue';

const catalogue = loadCatalogue();

function thrown(call: () => unknown): { code: string; kind: string; status: number } {
  try {
    call();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

const officer = (id: string): Officer => {
  const found = findOfficer(catalogue, id);
  if (!found) throw new Error(`no sample officer ${id}`);
  return found;
};

describe('the officer a token names', () => {
  it('when the catalogue knows the officer at the same centre, then the token gives role and centre and the catalogue the sectors', () => {
    expect(officerFromToken(catalogue, { id: 'pdn-specialist-1', role: 'specialist', centreId: 'hue-phong-dien' })).toEqual({
      ...officer('pdn-specialist-1'),
      sectors: officer('pdn-specialist-1').sectors,
    });
  });

  it('when the token says another role than the catalogue, then the token wins (the identity provider is the authority)', () => {
    expect(officerFromToken(catalogue, { id: 'pdn-courier-1', role: 'reception', centreId: 'hue-phong-dien' })).toMatchObject({ role: 'reception', centreId: 'hue-phong-dien' });
  });

  it('when the catalogue does not know the officer (or knows them at another centre), then they handle every sector under the name the token gives', () => {
    expect(officerFromToken(catalogue, { id: 'new-officer-9', name: 'Lê Văn Mới', role: 'specialist', centreId: 'hue-kim-long' })).toEqual({
      id: 'new-officer-9',
      name: 'Lê Văn Mới',
      role: 'specialist',
      centreId: 'hue-kim-long',
      sectors: [],
    });
    expect(officerFromToken(catalogue, { id: 'pdn-specialist-1', role: 'specialist', centreId: 'hue-kim-long' }).sectors).toEqual([]);
  });
});

describe('acting on another centre', () => {
  it('when an officer acts on a dossier of their own centre, then it is allowed', () => {
    expect(() => assertSameCentre(officer('pdn-specialist-1'), 'hue-phong-dien')).not.toThrow();
  });

  it("when an officer acts on another centre's dossier, then it is refused as AUTH.WRONG_CENTRE (403)", () => {
    expect(thrown(() => assertSameCentre(officer('pdn-specialist-1'), 'hue-kim-long'))).toMatchObject({ code: 'AUTH.WRONG_CENTRE', kind: 'forbidden', status: 403 });
  });

  it("when the ops officer acts on another centre's dossier, then it is refused too (ops read every centre, they act on none)", () => {
    expect(thrown(() => assertSameCentre(officer('hue-ops-1'), 'hue-kim-long'))).toMatchObject({ code: 'AUTH.WRONG_CENTRE', status: 403 });
  });
});

describe('sectors a specialist handles', () => {
  it('when a specialist lists sectors, then only those; when the list is empty, then all', () => {
    expect(handlesSector(officer('pdn-specialist-1'), 'Hộ tịch')).toBe(true);
    expect(handlesSector(officer('pdn-specialist-1'), 'Đất đai')).toBe(false);
    expect(handlesSector(officer('pdn-specialist-3'), 'Đất đai')).toBe(true);
    expect(handlesSector(officer('pdn-specialist-2'), 'Đất đai')).toBe(true);
  });
});
